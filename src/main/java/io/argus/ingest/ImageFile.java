package io.argus.ingest;

import java.time.Instant;

/** A file of the inbox recognised as an image, with what ingest learnt about it. */
public record ImageFile(String relativePath, String contentType, long sizeBytes, String sha256,
                        int width, int height, Instant captureTime, CaptureTimeSource captureTimeSource) {

    /**
     * Where the capture time came from: the image's own EXIF data, a video container's creation time
     * plus the frame's offset, else the file's modification time (plus the offset, for a frame).
     */
    public enum CaptureTimeSource { EXIF, VIDEO_CONTAINER, FILE_MODIFIED }
}
