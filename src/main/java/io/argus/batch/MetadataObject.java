package io.argus.batch;

/** A detection metadata object as listed: its key, its ETag (which changes when it is rewritten) and size. */
record MetadataObject(String key, String etag, long size) {
}
