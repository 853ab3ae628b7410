package io.argus.detect.yolo;

import io.argus.detect.Box;
import io.argus.detect.Boxes;
import io.argus.detect.Detection;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.MatOfFloat;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfRect2d;
import org.opencv.core.Rect2d;
import org.opencv.dnn.Dnn;

/**
 * Turns YOLO output tensors into detections: box transform from centre/size to x, y, w, h in image
 * pixels, class choice, confidence filter and per-class non-maximum suppression. Three layouts:
 * <ul>
 *   <li>{@link Layout#DARKNET}: OpenCV's region layers, rows of [cx, cy, w, h, objectness, class scores…]
 *   relative to the image (0..1), class scores already multiplied by the objectness;</li>
 *   <li>{@link Layout#YOLOV5}: one [1, N, 5 + C] output in input pixels, objectness separate;</li>
 *   <li>{@link Layout#YOLOV8}: one [1, 4 + C, N] output in input pixels, no objectness.</li>
 * </ul>
 * The image is resized to the network input without letterboxing, so input pixels scale to image
 * pixels by width and height separately.
 */
public final class YoloDecoder {
    public enum Layout { DARKNET, YOLOV5, YOLOV8 }

    private final List<String> classNames;
    private final float confidenceThreshold;
    private final float nmsThreshold;

    public YoloDecoder(List<String> classNames, double confidenceThreshold, double nmsThreshold) {
        this.classNames = List.copyOf(classNames);
        this.confidenceThreshold = (float) confidenceThreshold;
        this.nmsThreshold = (float) nmsThreshold;
    }

    /** Darknet: the outputs of every YOLO layer, each a 2-D Mat of rows. */
    public List<Detection> decodeDarknet(List<Mat> outputs, int imageWidth, int imageHeight) {
        List<float[]> rows = new ArrayList<>();
        for (Mat output : outputs) {
            rows.addAll(rowsOf(output.reshape(1, output.rows())));
        }
        return decode(rows, Layout.DARKNET, imageWidth, imageHeight, imageWidth, imageHeight);
    }

    /** An ONNX export's single output; YOLOv5 or YOLOv8 is told from its shape. */
    public List<Detection> decodeOnnx(Mat output, int inputWidth, int inputHeight, int imageWidth, int imageHeight) {
        if (output.dims() != 3 || output.size(0) != 1) {
            throw new IllegalArgumentException("a YOLO ONNX output is [1, a, b]; got " + shape(output));
        }
        int a = output.size(1);
        int b = output.size(2);
        Layout layout = layoutOf(a, b);
        List<float[]> rows = rowsOf(output.reshape(1, a));
        if (layout == Layout.YOLOV8) {
            rows = transpose(rows, a, b);
        }
        return decode(rows, layout, inputWidth, inputHeight, imageWidth, imageHeight);
    }

    /**
     * YOLOv8 puts the attributes first ([1, 4 + C, N]), YOLOv5 the boxes ([1, N, 5 + C]). With the
     * class names known the attribute count decides; without, the anchors far outnumber the attributes.
     */
    Layout layoutOf(int a, int b) {
        int classes = classNames.size();
        boolean looksV8 = classes > 0 && a == 4 + classes;
        boolean looksV5 = classes > 0 && b == 5 + classes;
        if (looksV8 != looksV5) {
            return looksV8 ? Layout.YOLOV8 : Layout.YOLOV5;
        }
        return a < b ? Layout.YOLOV8 : Layout.YOLOV5;
    }

    List<Detection> decode(List<float[]> rows, Layout layout, int inputWidth, int inputHeight, int imageWidth,
                           int imageHeight) {
        int firstScore = layout == Layout.YOLOV8 ? 4 : 5;
        double scaleX = layout == Layout.DARKNET ? imageWidth : (double) imageWidth / inputWidth;
        double scaleY = layout == Layout.DARKNET ? imageHeight : (double) imageHeight / inputHeight;
        List<Rect2d> boxes = new ArrayList<>();
        List<Float> confidences = new ArrayList<>();
        List<Integer> classIds = new ArrayList<>();
        for (float[] row : rows) {
            int best = firstScore;
            for (int i = firstScore + 1; i < row.length; i++) {
                if (row[i] > row[best]) {
                    best = i;
                }
            }
            float confidence = layout == Layout.YOLOV5 ? row[4] * row[best] : row[best];
            if (confidence < confidenceThreshold) {
                continue;
            }
            double width = row[2] * scaleX;
            double height = row[3] * scaleY;
            boxes.add(new Rect2d(row[0] * scaleX - width / 2, row[1] * scaleY - height / 2, width, height));
            confidences.add(confidence);
            classIds.add(best - firstScore);
        }
        return suppress(boxes, confidences, classIds, imageWidth, imageHeight);
    }

    private List<Detection> suppress(List<Rect2d> boxes, List<Float> confidences, List<Integer> classIds,
                                     int imageWidth, int imageHeight) {
        if (boxes.isEmpty()) {
            return List.of();
        }
        MatOfRect2d boxMat = new MatOfRect2d(boxes.toArray(Rect2d[]::new));
        MatOfFloat scoreMat = new MatOfFloat();
        scoreMat.fromList(confidences);
        MatOfInt classMat = new MatOfInt();
        classMat.fromList(classIds);
        MatOfInt kept = new MatOfInt();
        Dnn.NMSBoxesBatched(boxMat, scoreMat, classMat, confidenceThreshold, nmsThreshold, kept);
        List<Detection> detections = new ArrayList<>();
        for (int index : kept.toArray()) {
            int classId = classIds.get(index);
            detections.add(new Detection(label(classId), classId, confidences.get(index),
                    clip(boxes.get(index), imageWidth, imageHeight)));
        }
        detections.sort((first, second) -> Double.compare(second.confidence(), first.confidence()));
        return detections;
    }

    private static Box clip(Rect2d box, int imageWidth, int imageHeight) {
        return Boxes.clip(box.x, box.y, box.x + box.width, box.y + box.height, imageWidth, imageHeight);
    }

    private String label(int classId) {
        return classId < classNames.size() ? classNames.get(classId) : "class_" + classId;
    }

    private static List<float[]> rowsOf(Mat matrix) {
        int rows = matrix.rows();
        int columns = matrix.cols();
        float[] all = new float[rows * columns];
        matrix.get(0, 0, all);
        List<float[]> result = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            float[] row = new float[columns];
            System.arraycopy(all, r * columns, row, 0, columns);
            result.add(row);
        }
        return result;
    }

    private static List<float[]> transpose(List<float[]> rows, int a, int b) {
        List<float[]> transposed = new ArrayList<>(b);
        for (int j = 0; j < b; j++) {
            float[] column = new float[a];
            for (int i = 0; i < a; i++) {
                column[i] = rows.get(i)[j];
            }
            transposed.add(column);
        }
        return transposed;
    }

    private static String shape(Mat mat) {
        StringBuilder shape = new StringBuilder("[");
        for (int i = 0; i < mat.dims(); i++) {
            shape.append(i == 0 ? "" : ", ").append(mat.size(i));
        }
        return shape.append(']').toString();
    }
}
