package io.argus.ingest;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * The frames of a video sampled at a fixed interval, decoded by FFmpeg and encoded as JPEG, read
 * one at a time (a long video is never held in memory). The video's start time comes from its
 * container's creation_time, else from the file's modification time.
 */
public final class VideoFrames implements Iterator<VideoFrames.Frame>, Closeable {
    /** One sampled frame: its number in the video, when it was captured, and the JPEG. */
    public record Frame(long number, Instant captureTime, ImageFile.CaptureTimeSource captureTimeSource, byte[] jpeg,
                        int width, int height) {
    }

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private final FFmpegFrameGrabber grabber;
    private final Java2DFrameConverter converter = new Java2DFrameConverter();
    private final long intervalMicros;
    private final Instant start;
    private final boolean startFromContainer;
    private long nextSampleMicros;
    private Frame next;
    private boolean finished;

    private VideoFrames(FFmpegFrameGrabber grabber, Duration interval, Instant start, boolean startFromContainer) {
        this.grabber = grabber;
        this.intervalMicros = interval.toNanos() / 1000;
        this.start = start;
        this.startFromContainer = startFromContainer;
    }

    /** Opens a video Argus trusts by its path (a test video, a benchmark's set); the inbox's come open. */
    public static VideoFrames open(Path video, Duration interval) {
        try {
            return open(Files.newByteChannel(video), Files.getLastModifiedTime(video).toInstant(), interval);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Opens a video from an open channel, which FFmpeg reads as a stream (never by path) and which
     * closing the frames closes; a file FFmpeg cannot read as a video is a {@link RejectedFileException}.
     */
    static VideoFrames open(SeekableByteChannel video, Instant lastModified, Duration interval) {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new SeekableChannelStream(video));
        try {
            grabber.start();
            if (grabber.getLengthInVideoFrames() <= 0 && grabber.getImageWidth() <= 0) {
                grabber.close();
                throw new RejectedFileException("not a readable video: it has no video stream");
            }
            Optional<Instant> created = creationTime(grabber);
            return new VideoFrames(grabber, interval, created.orElse(lastModified), created.isPresent());
        } catch (FrameGrabber.Exception e) {
            closeQuietly(video);
            throw new RejectedFileException("not a readable video: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(SeekableByteChannel video) {
        try {
            video.close();
        } catch (IOException e) {
            // the video is refused already; a failed close adds nothing to that
        }
    }

    private static Optional<Instant> creationTime(FFmpegFrameGrabber grabber) {
        String value = grabber.getMetadata("creation_time");
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null && !finished) {
            next = grabNextSample();
            finished = next == null;
        }
        return next != null;
    }

    @Override
    public Frame next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Frame frame = next;
        next = null;
        return frame;
    }

    private Frame grabNextSample() {
        try {
            org.bytedeco.javacv.Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                long timestamp = Math.max(0, grabber.getTimestamp());
                if (timestamp >= nextSampleMicros) {
                    nextSampleMicros = timestamp + intervalMicros;
                    BufferedImage image = converter.getBufferedImage(frame);
                    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
                    ImageIO.write(image, "jpg", jpeg);
                    return new Frame(grabber.getFrameNumber(), start.plusNanos(timestamp * 1000),
                            startFromContainer ? ImageFile.CaptureTimeSource.VIDEO_CONTAINER
                                    : ImageFile.CaptureTimeSource.FILE_MODIFIED,
                            jpeg.toByteArray(), image.getWidth(), image.getHeight());
                }
            }
            return null;
        } catch (FrameGrabber.Exception e) {
            throw new RejectedFileException("the video is corrupt after " + nextSampleMicros / 1_000_000 + " s: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception e) {
            throw new IllegalStateException("cannot close the video grabber", e);
        }
    }
}
