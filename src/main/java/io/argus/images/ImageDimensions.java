package io.argus.images;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.bmp.BmpHeaderDirectory;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.jpeg.JpegDirectory;
import com.drew.metadata.png.PngDirectory;
import com.drew.metadata.webp.WebpDirectory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * An image's width and height as its header states them, for ingest (which checks what it stores)
 * and detection (which refuses a decompression bomb before decoding it).
 */
public final class ImageDimensions {
    private ImageDimensions() {
    }

    /**
     * Width and height from an image's header, without decoding its pixels; empty when the header
     * gives none or cannot be read.
     */
    public static Optional<int[]> ofHeader(byte[] image) {
        try {
            return of(ImageMetadataReader.readMetadata(new ByteArrayInputStream(image), image.length));
        } catch (ImageProcessingException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Width and height from an image's metadata, the format's own header first, then EXIF. */
    public static Optional<int[]> of(Metadata metadata) {
        return first(metadata, JpegDirectory.class, JpegDirectory.TAG_IMAGE_WIDTH, JpegDirectory.TAG_IMAGE_HEIGHT)
                .or(() -> first(metadata, PngDirectory.class, PngDirectory.TAG_IMAGE_WIDTH, PngDirectory.TAG_IMAGE_HEIGHT))
                .or(() -> first(metadata, BmpHeaderDirectory.class, BmpHeaderDirectory.TAG_IMAGE_WIDTH,
                        BmpHeaderDirectory.TAG_IMAGE_HEIGHT))
                .or(() -> first(metadata, WebpDirectory.class, WebpDirectory.TAG_IMAGE_WIDTH,
                        WebpDirectory.TAG_IMAGE_HEIGHT))
                .or(() -> first(metadata, ExifIFD0Directory.class, ExifDirectoryBase.TAG_IMAGE_WIDTH,
                        ExifDirectoryBase.TAG_IMAGE_HEIGHT));
    }

    private static Optional<int[]> first(Metadata metadata, Class<? extends Directory> type, int widthTag,
                                         int heightTag) {
        for (Directory directory : metadata.getDirectoriesOfType(type)) {
            try {
                if (directory.containsTag(widthTag) && directory.containsTag(heightTag)) {
                    int width = directory.getInt(widthTag);
                    int height = directory.getInt(heightTag);
                    if (width > 0 && height > 0) {
                        return Optional.of(new int[] {width, height});
                    }
                }
            } catch (MetadataException e) {
                // a malformed dimension tag counts as missing
            }
        }
        return Optional.empty();
    }
}
