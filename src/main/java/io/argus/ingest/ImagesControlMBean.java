package io.argus.ingest;

/** The stored images in JMX ({@code io.argus:type=Images}). */
public interface ImagesControlMBean {
    /**
     * Publishes the image events of the images already in S3 again, so that they are detected again.
     *
     * @param prefix only images under this path below the images prefix; empty for all
     * @param since only images written at or after this ISO-8601 time or date (UTC); empty for all
     * @return how many events were published
     */
    int reprocess(String prefix, String since);
}
