package io.argus.detect;

import io.argus.events.DetectionMetadata;
import io.argus.storage.ImageKey;
import java.util.List;
import org.opencv.core.Mat;

/**
 * One image on its way through the detect route, kept as an exchange property: each step reads
 * what the steps before it found and adds its own.
 */
final class ImageJob {
    final ImageKey image;
    final String eventTime;
    final int partition;
    final long offset;
    Mat decoded;
    List<Detection> detections = List.of();
    double inferenceMs;
    double inferenceCpuMs;
    String detector;
    String model;
    String engine;
    String annotatedUri;
    DetectionMetadata metadata;

    ImageJob(ImageKey image, String eventTime, int partition, long offset) {
        this.image = image;
        this.eventTime = eventTime;
        this.partition = partition;
        this.offset = offset;
    }
}
