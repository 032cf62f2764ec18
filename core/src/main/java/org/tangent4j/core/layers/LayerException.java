package org.tangent4j.core.layers;

/**
 * A layer that cannot take its input: the message names the layer, its place in the description (for example
 * {@code layers[3].layers[1]}, the same path as in the architecture file) and the value that is wrong.
 */
public final class LayerException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final String layer;
    private final String detail;

    /** A failure inside one layer, reported by the layer itself; combinators add the path. */
    public LayerException(String detail) {
        this("", "", detail);
    }

    private LayerException(String path, String layer, String detail) {
        super(message(path, layer, detail));
        this.path = path;
        this.layer = layer;
        this.detail = detail;
    }

    private static String message(String path, String layer, String detail) {
        return path.isEmpty() ? detail : "layer " + path + " (" + layer + "): " + detail;
    }

    /**
     * The same failure seen from the enclosing layer: {@code segment} (e.g. {@code layers[2]}) is put before the path;
     * {@code layerName} is recorded if no inner layer named itself yet.
     */
    public LayerException within(String segment, String layerName) {
        return new LayerException(path.isEmpty() ? segment : segment + "." + path, layer.isEmpty() ? layerName : layer,
                detail);
    }

    /** Where in the description, e.g. {@code layers[3].layers[1]} (empty if not inside a combinator). */
    public String path() {
        return path;
    }

    /** The failing layer's name. */
    public String layer() {
        return layer;
    }

    /** What is wrong, without the place. */
    public String detail() {
        return detail;
    }
}
