package io.argus.ingest;

import java.time.Instant;

/** A file of the inbox recognised as an image, with what ingest learnt about it. */
public record ImageFile(String relativePath, String contentType, long sizeBytes, String sha256,
                        int width, int height, Instant captureTime, CaptureTimeSource captureTimeSource) {

    /** Where the capture time came from: the image's own EXIF data, else the file's modification time. */
    public enum CaptureTimeSource { EXIF, FILE_MODIFIED }
}
