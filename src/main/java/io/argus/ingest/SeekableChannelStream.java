package io.argus.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;

/**
 * A stream over an open channel whose mark, reset and skip move the channel's position. FFmpeg,
 * reading a video from a stream, seeks with exactly these three, so it can read a file the inbox
 * opened without following links, and no byte of the video is buffered on the way.
 */
final class SeekableChannelStream extends InputStream {
    private final SeekableByteChannel channel;
    private long mark;

    SeekableChannelStream(SeekableByteChannel channel) {
        this.channel = channel;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        return channel.read(ByteBuffer.wrap(buffer, offset, length));
    }

    @Override
    public long skip(long count) throws IOException {
        long position = channel.position();
        long skipped = Math.max(0, Math.min(count, channel.size() - position));
        channel.position(position + skipped);
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, channel.size() - channel.position()));
    }

    @Override
    public boolean markSupported() {
        return true;
    }

    @Override
    public void mark(int readLimit) {
        try {
            mark = channel.position();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void reset() throws IOException {
        channel.position(mark);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
