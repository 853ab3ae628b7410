package io.argus.ingest;

/** What inspection found a file of the inbox to be: an image, or a video whose frames become images. */
public sealed interface InboxFile permits InboxFile.Image, InboxFile.Video {

    /** An image, described, with the bytes it was described from: those are what is uploaded. */
    record Image(ImageFile description, byte[] content) implements InboxFile {
    }

    /** A video container (AVI, MP4, QuickTime); its frames are sampled when it is published. */
    record Video() implements InboxFile {
    }
}
