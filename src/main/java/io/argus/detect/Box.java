package io.argus.detect;

/** An axis-aligned box in image pixels: top-left corner, width and height (the contract's [x, y, w, h]). */
public record Box(int x, int y, int width, int height) {

    public int[] toArray() {
        return new int[] {x, y, width, height};
    }

    /** Intersection over union, 0 for disjoint boxes and 1 for equal ones. */
    public double iou(Box other) {
        int left = Math.max(x, other.x);
        int top = Math.max(y, other.y);
        int right = Math.min(x + width, other.x + other.width);
        int bottom = Math.min(y + height, other.y + other.height);
        double intersection = Math.max(0, right - left) * (double) Math.max(0, bottom - top);
        double union = (double) width * height + (double) other.width * other.height - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    /** Whether the point lies inside this box. */
    public boolean contains(int px, int py) {
        return px >= x && px < x + width && py >= y && py < y + height;
    }
}
