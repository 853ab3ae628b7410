package io.argus.ingest;

import com.drew.imaging.FileType;
import com.drew.imaging.FileTypeDetector;
import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import io.argus.images.ImageDimensions;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises an image by its content (magic bytes, never the extension), reads its dimensions and
 * EXIF capture time, and hashes it. Anything it cannot vouch for is a {@link RejectedFileException}.
 */
public final class ImageInspector {
    /** The formats the detectors can decode, by the type the content says it is. */
    private static final Map<FileType, String> ACCEPTED = Map.of(
            FileType.Jpeg, "image/jpeg",
            FileType.Png, "image/png",
            FileType.Bmp, "image/bmp",
            FileType.WebP, "image/webp",
            FileType.Tiff, "image/tiff");
    private static final DateTimeFormatter EXIF_TIME = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss");

    /** Containers handed to FFmpeg for frame sampling. */
    private static final java.util.Set<FileType> VIDEOS = java.util.Set.of(FileType.Avi, FileType.Mp4,
            FileType.QuickTime);

    /** The largest array a JVM allocates: an image is read in one piece, so none may be larger. */
    private static final long LARGEST_IMAGE = Integer.MAX_VALUE - 8;

    private final long maxFileSize;
    private final ZoneId exifZone;

    public ImageInspector(long maxFileSize, ZoneId exifZone) {
        this.maxFileSize = maxFileSize;
        this.exifZone = exifZone;
    }

    /**
     * An image (checked, measured and hashed) or a video; anything else is a {@link RejectedFileException}.
     * An image is read once, from the file as opened: its type, metadata, hash and the bytes to upload
     * all come from that one read, so nothing can change between what is checked and what is stored.
     */
    public InboxFile inspect(InboxFileOpener.OpenFile file, String relativePath) {
        try {
            long size = file.channel().size();
            if (size == 0) {
                throw new RejectedFileException("empty file");
            }
            if (size > maxFileSize) {
                throw new RejectedFileException("file of " + size + " bytes is larger than argus.ingest.max-file-size ("
                        + maxFileSize + " bytes)");
            }
            // Not closed here: it is the caller's open file, closed with it.
            BufferedInputStream in = new BufferedInputStream(Channels.newInputStream(file.channel()));
            FileType type = FileTypeDetector.detectFileType(in);
            if (VIDEOS.contains(type)) {
                return new InboxFile.Video();
            }
            String contentType = ACCEPTED.get(type);
            if (contentType == null) {
                throw new RejectedFileException("not a supported image: the content is "
                        + (type == FileType.Unknown ? "of no known type" : type.getLongName())
                        + " (accepted: JPEG, PNG, BMP, WebP, TIFF images and AVI, MP4, QuickTime videos;"
                        + " recognised by content, not by extension)");
            }
            if (size > LARGEST_IMAGE) {
                throw new RejectedFileException("an image of " + size + " bytes is too large to be read in one piece");
            }
            byte[] content = in.readNBytes((int) size);
            Metadata metadata = readMetadata(content, type);
            int[] dimensions = ImageDimensions.of(metadata).orElseThrow(() -> new RejectedFileException(
                    "truncated or corrupt " + type.getName() + ": its header gives no image dimensions"));
            Optional<Instant> exifTime = exifCaptureTime(metadata);
            return new InboxFile.Image(new ImageFile(relativePath, contentType, content.length, sha256(content),
                    dimensions[0], dimensions[1], exifTime.orElse(file.lastModified()),
                    exifTime.isPresent() ? ImageFile.CaptureTimeSource.EXIF : ImageFile.CaptureTimeSource.FILE_MODIFIED),
                    content);
        } catch (IOException e) {
            throw new RejectedFileException("cannot be read: " + e.getMessage(), e);
        }
    }

    private static Metadata readMetadata(byte[] content, FileType type) {
        try {
            return ImageMetadataReader.readMetadata(new ByteArrayInputStream(content), content.length, type);
        } catch (ImageProcessingException | IOException | RuntimeException e) {
            // The bytes are in memory: a failure here is their content.
            throw new RejectedFileException("truncated or corrupt " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    /** DateTimeOriginal with its OffsetTimeOriginal when present, else read in argus.ingest.exif-zone. */
    private Optional<Instant> exifCaptureTime(Metadata metadata) {
        for (ExifSubIFDDirectory exif : metadata.getDirectoriesOfType(ExifSubIFDDirectory.class)) {
            String original = exif.getString(ExifDirectoryBase.TAG_DATETIME_ORIGINAL);
            if (original == null) {
                continue;
            }
            try {
                LocalDateTime local = LocalDateTime.parse(original.trim(), EXIF_TIME);
                String offset = exif.getString(ExifDirectoryBase.TAG_TIME_ZONE_ORIGINAL);
                if (offset != null && !offset.isBlank()) {
                    return Optional.of(OffsetDateTime.of(local, ZoneOffset.of(offset.trim())).toInstant());
                }
                return Optional.of(local.atZone(exifZone).toInstant());
            } catch (java.time.DateTimeException e) {
                // a camera with a broken clock string: fall back to the file time
            }
        }
        return Optional.empty();
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
