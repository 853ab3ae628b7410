package io.argus.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a Darknet weights file of exactly the size a cfg needs, with random values: real
 * networks load and run in OpenCV DNN without any pretrained weights.
 */
public final class RandomDarknetWeights {
    private RandomDarknetWeights() {
    }

    /** The number of floats the cfg's convolutional layers read, in order. */
    public static long parameterCount(Path cfg) {
        List<Map<String, String>> sections = sections(cfg);
        int channels = Integer.parseInt(sections.get(0).getOrDefault("channels", "3"));
        List<Integer> outputs = new ArrayList<>();
        long count = 0;
        for (Map<String, String> section : sections.subList(1, sections.size())) {
            String type = section.get("[type]");
            switch (type) {
                case "convolutional" -> {
                    int filters = Integer.parseInt(section.get("filters"));
                    int size = Integer.parseInt(section.get("size"));
                    boolean batchNormalize = "1".equals(section.get("batch_normalize"));
                    count += (long) filters * (batchNormalize ? 4 : 1) + (long) filters * channels * size * size;
                    channels = filters;
                }
                case "route" -> {
                    int sum = 0;
                    for (String layer : section.get("layers").split(",")) {
                        int index = Integer.parseInt(layer.trim());
                        sum += outputs.get(index < 0 ? outputs.size() + index : index);
                    }
                    channels = sum;
                }
                case "maxpool", "upsample", "yolo", "shortcut" -> {
                }
                default -> throw new IllegalArgumentException("layer type not handled: " + type);
            }
            outputs.add(channels);
        }
        return count;
    }

    public static Path write(Path cfg, Path target, long seed) {
        long floats = parameterCount(cfg);
        Random random = new Random(seed);
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
            ByteBuffer header = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
            header.putInt(0).putInt(2).putInt(0).putLong(0);   // version 0.2.0, images seen: 64-bit
            file.write(header.array());
            ByteBuffer value = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            for (long i = 0; i < floats; i++) {
                // Small weights keep activations finite; positive values keep batch-norm variances valid.
                value.clear();
                value.putFloat((float) (0.01 + Math.abs(random.nextGaussian()) * 0.05));
                file.write(value.array());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    private static List<Map<String, String>> sections(Path cfg) {
        List<Map<String, String>> sections = new ArrayList<>();
        try {
            for (String raw : Files.readAllLines(cfg)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                    continue;
                }
                if (line.startsWith("[")) {
                    Map<String, String> section = new HashMap<>();
                    section.put("[type]", line.substring(1, line.indexOf(']')));
                    sections.add(section);
                } else if (line.contains("=")) {
                    String[] pair = line.split("=", 2);
                    sections.get(sections.size() - 1).put(pair[0].strip(), pair[1].strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sections;
    }

}
