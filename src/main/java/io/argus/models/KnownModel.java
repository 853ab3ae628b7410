package io.argus.models;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A pretrained detector Argus knows how to fetch and run: where its files come from (with pinned
 * checksums) and which files it installs.
 *
 * @param name the name users pull it by, and its folder under the models directory
 * @param detector the {@code argus.detect.detector} that runs it
 * @param sources the downloads, each checked against its SHA-256 before anything is installed
 * @param files the installed files with their SHA-256, checked again at every start
 * @param classNames the labels of its output classes, in order; written as {@link #NAMES_FILE}
 */
public record KnownModel(String name, String detector, String description, String license, List<Source> sources,
                         List<ModelFile> files, List<String> classNames) {
    /** The class-names file every installed model gets, one label a line, for the YOLO detectors. */
    public static final String NAMES_FILE = "classes.names";

    /**
     * One download. {@code entries} maps the files to take out of a .tgz archive to the installed
     * names; empty, the download is itself the installed file {@code installAs}.
     */
    public record Source(URI url, String sha256, long size, String installAs, Map<String, String> entries) {
        public static Source file(String url, String sha256, long size, String installAs) {
            return new Source(URI.create(url), sha256, size, installAs, Map.of());
        }

        public static Source archive(String url, String sha256, long size, Map<String, String> entries) {
            return new Source(URI.create(url), sha256, size, null, Map.copyOf(entries));
        }

        /** The file name of the download, as a user who fetches it by hand would save it. */
        public String fileName() {
            String path = url.getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /** An installed file and its SHA-256. */
    public record ModelFile(String name, String sha256) {
    }
}
