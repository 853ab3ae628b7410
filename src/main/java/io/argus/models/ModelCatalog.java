package io.argus.models;

import io.argus.models.KnownModel.ModelFile;
import io.argus.models.KnownModel.Source;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The models {@code argus models pull} knows, each from its official source with its SHA-256
 * pinned. Labels follow Darknet's COCO names for every model, so counts compare across models.
 */
public final class ModelCatalog {
    /** The 80 COCO classes in the order all these models output them, named as Darknet's coco.names. */
    public static final List<String> COCO = List.of("person", "bicycle", "car", "motorbike", "aeroplane", "bus",
            "train", "truck", "boat", "traffic light", "fire hydrant", "stop sign", "parking meter", "bench", "bird",
            "cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella",
            "handbag", "tie", "suitcase", "frisbee", "skis", "snowboard", "sports ball", "kite", "baseball bat",
            "baseball glove", "skateboard", "surfboard", "tennis racket", "bottle", "wine glass", "cup", "fork", "knife",
            "spoon", "bowl", "banana", "apple", "sandwich", "orange", "broccoli", "carrot", "hot dog", "pizza", "donut",
            "cake", "chair", "sofa", "pottedplant", "bed", "diningtable", "toilet", "tvmonitor", "laptop", "mouse",
            "remote", "keyboard", "cell phone", "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock",
            "vase", "scissors", "teddy bear", "hair drier", "toothbrush");

    /** The default detector's model, installed by {@code ./argus run} and {@code ./argus test}. */
    public static final String DEFAULT_MODEL = "centernet";

    public static final KnownModel CENTERNET = new KnownModel(DEFAULT_MODEL, "centernet",
            "MobileNetV3-CenterNet trained on COCO (80 classes), 512x512, from npm @vladmandic/human 3.3.6", "MIT",
            List.of(Source.archive("https://registry.npmjs.org/@vladmandic/human/-/human-3.3.6.tgz",
                    "425e9c51dbbca0c8934362b170cb0d54c2529c11c654b3c03092b16e9d6ad3f7", 28_615_417L,
                    Map.of("package/models/centernet.json", "centernet.json",
                            "package/models/centernet.bin", "centernet.bin"))),
            List.of(new ModelFile("centernet.json", "bfb942eaacc5becf738d536663bc4580a0ae9e560722306e6d4dd7fe4a09de05"),
                    new ModelFile("centernet.bin", "1b635a15009071f506f9f2b3519b31c072c534888989f30d269ffd44734ef7ef")),
            COCO);

    private static final String DARKNET = "https://github.com/AlexeyAB/darknet/";
    private static final String ULTRALYTICS = "https://github.com/ultralytics/assets/releases/download/";

    public static final List<KnownModel> ALL = List.of(CENTERNET,
            new KnownModel("yolov4-tiny", "yolo-darknet",
                    "YOLOv4-tiny trained on COCO (80 classes), 416x416, Darknet cfg and weights as the original"
                            + " pipeline used", "public domain (Darknet)",
                    List.of(Source.file("https://raw.githubusercontent.com/AlexeyAB/darknet/"
                                    + "a298f94255a20a3198d80ea512755d9e5dddbf02/cfg/yolov4-tiny.cfg",
                                    "f858e3724962eedf3ac44e3b6cb3f0c3d9ed067c306bb831f539c578b924c90e", 3_231L,
                                    "yolov4-tiny.cfg"),
                            Source.file(DARKNET + "releases/download/darknet_yolo_v4_pre/yolov4-tiny.weights",
                                    "cf9fbfd0f6d4869b35762f56100f50ed05268084078805f0e7989efe5bb8ca87", 24_251_276L,
                                    "yolov4-tiny.weights")),
                    List.of(new ModelFile("yolov4-tiny.cfg",
                                    "f858e3724962eedf3ac44e3b6cb3f0c3d9ed067c306bb831f539c578b924c90e"),
                            new ModelFile("yolov4-tiny.weights",
                                    "cf9fbfd0f6d4869b35762f56100f50ed05268084078805f0e7989efe5bb8ca87")),
                    COCO),
            new KnownModel("yolov8n", "yolo-onnx",
                    "Ultralytics YOLOv8n trained on COCO (80 classes), ONNX export, 640x640", "AGPL-3.0 (Ultralytics)",
                    List.of(Source.file(ULTRALYTICS + "v8.4.0/yolov8n.onnx",
                            "b2bc52f40e8e1c532427d5bde3575a5d5b571b739fab2c6df443733ed1589cbd", 12_851_049L,
                            "yolov8n.onnx")),
                    List.of(new ModelFile("yolov8n.onnx",
                            "b2bc52f40e8e1c532427d5bde3575a5d5b571b739fab2c6df443733ed1589cbd")),
                    COCO),
            new KnownModel("yolo11n", "yolo-onnx",
                    "Ultralytics YOLO11n trained on COCO (80 classes), ONNX export (opset 22), 640x640",
                    "AGPL-3.0 (Ultralytics)",
                    List.of(Source.file(ULTRALYTICS + "v8.3.0/yolo11n.onnx",
                            "634279b40c07c6391472c51ad45b81ebc48706a9a1fe72dd3396322acd0c053b", 10_930_182L,
                            "yolo11n.onnx")),
                    List.of(new ModelFile("yolo11n.onnx",
                            "634279b40c07c6391472c51ad45b81ebc48706a9a1fe72dd3396322acd0c053b")),
                    COCO));

    private ModelCatalog() {
    }

    public static Optional<KnownModel> find(String name) {
        return ALL.stream().filter(model -> model.name().equals(name)).findFirst();
    }
}
