package io.argus.ingest;

/** What inspection found a file of the inbox to be: an image, or a video whose frames become images. */
public sealed interface InboxFile permits ImageFile, InboxFile.Video {

    /** A video container (AVI, MP4, QuickTime); its frames are sampled when it is published. */
    record Video() implements InboxFile {
    }
}
