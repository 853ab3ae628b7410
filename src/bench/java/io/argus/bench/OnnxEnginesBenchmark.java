package io.argus.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.argus.detect.OpenCv;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;
import org.opencv.imgcodecs.Imgcodecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * OpenCV DNN against ONNX Runtime on the same ONNX graph, one thread each, taking turns in the same
 * run: the choice of engine for {@code yolo-onnx}. Without a trained export at hand, the graph is
 * one with YOLOv8n's layers and sizes and random weights, written by Debian's python3-onnx.
 */
@Command(name = "onnx", description = "OpenCV DNN against ONNX Runtime on a YOLOv8n-sized ONNX graph.")
public final class OnnxEnginesBenchmark implements Callable<Integer> {
    private static final int SIZE = 640;

    @Option(names = "--model", description = "An ONNX export with a [1, 3, 640, 640] input (default: a YOLOv8n-sized"
            + " graph with random weights, written by src/test/python/yolov8n_like_onnx.py).")
    Path model;

    @Option(names = "--runs", defaultValue = "10", description = "Images per engine and round (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--rounds", defaultValue = "5", description = "Rounds, each engine in turn (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() throws Exception {
        OpenCv.load();
        Core.setNumThreads(1);
        Path folder = Files.createTempDirectory("argus-bench-onnx");
        Path onnx = model != null ? model : generated(folder.resolve("yolov8n-like.onnx"));
        Mat image = Imgcodecs.imread(LabelledSet.defaultFolder().resolve("dog.jpg").toString());
        if (image.empty()) {
            throw new IllegalStateException("dog.jpg is missing in " + LabelledSet.defaultFolder()
                    + ": ./argus test fetches it");
        }
        Mat blob = Dnn.blobFromImage(image, 1 / 255.0, new Size(SIZE, SIZE), new Scalar(0, 0, 0), true, false);
        float[] pixels = new float[3 * SIZE * SIZE];
        blob.reshape(1, 1).get(0, 0, pixels);

        Net opencv = Dnn.readNetFromONNX(onnx.toString());
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            try (OrtSession ort = environment.createSession(onnx.toString(), options)) {
                String input = ort.getInputNames().iterator().next();
                // Warm-up: both engines plan and allocate on their first runs.
                timeOpenCv(opencv, blob, 2);
                timeOrt(environment, ort, input, pixels, 2);
                List<Double> ratios = new ArrayList<>();
                System.out.printf("ONNX engines on %s, 640x640, one thread each, %d images per engine and round%n",
                        model != null ? onnx : "a YOLOv8n-sized graph with random weights", runs);
                for (int round = 0; round < rounds; round++) {
                    double cv = timeOpenCv(opencv, blob, runs);
                    double ort2 = timeOrt(environment, ort, input, pixels, runs);
                    ratios.add(cv / ort2);
                    System.out.printf("  round %d: OpenCV DNN %.1f ms, ONNX Runtime %.1f ms per image: OpenCV / ORT %.2f%n",
                            round + 1, cv, ort2, cv / ort2);
                }
                List<Double> sorted = ratios.stream().sorted().toList();
                System.out.printf("  median OpenCV / ONNX Runtime time: %.2f (above 1: ONNX Runtime is faster)%n",
                        sorted.get(sorted.size() / 2));
            }
        } finally {
            try (var files = Files.walk(folder)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        return 0;
    }

    private static double timeOpenCv(Net net, Mat blob, int runs) {
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            net.setInput(blob);
            net.forward().release();
        }
        return (System.nanoTime() - start) / 1e6 / runs;
    }

    private static double timeOrt(OrtEnvironment environment, OrtSession session, String input, float[] pixels,
                                  int runs) throws OrtException {
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            try (OnnxTensor tensor = OnnxTensor.createTensor(environment, FloatBuffer.wrap(pixels),
                    new long[] {1, 3, SIZE, SIZE});
                 OrtSession.Result result = session.run(Map.of(input, tensor))) {
                ((OnnxTensor) result.get(0)).getFloatBuffer();
            }
        }
        return (System.nanoTime() - start) / 1e6 / runs;
    }

    private static Path generated(Path onnx) throws IOException, InterruptedException {
        Process python = new ProcessBuilder("/usr/bin/python3", "src/test/python/yolov8n_like_onnx.py", onnx.toString())
                .inheritIO().start();
        if (python.waitFor() != 0) {
            throw new IllegalStateException("src/test/python/yolov8n_like_onnx.py failed (it needs Debian's python3-onnx,"
                    + " which ./argus test installs, and runs from the repository's folder)");
        }
        return onnx;
    }
}
