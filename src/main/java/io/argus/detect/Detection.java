package io.argus.detect;

/** One object found in an image: the contract's {label, class_id, confidence, box}. */
public record Detection(String label, int classId, double confidence, Box box) {
}
