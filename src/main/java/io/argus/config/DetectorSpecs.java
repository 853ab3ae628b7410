package io.argus.config;

import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The detectors on the classpath, found once by {@link ServiceLoader} in the order of their service files. */
public final class DetectorSpecs {
    /** Chooses the default model's detector when that model is installed, else {@link #FALLBACK}. */
    public static final String AUTO = "auto";
    /** The detector that needs no model. */
    public static final String FALLBACK = "opencv-builtin";

    private static final List<DetectorSpec> ALL = ServiceLoader.load(DetectorSpec.class).stream()
            .map(ServiceLoader.Provider::get).toList();

    /** {@code argus.detect.detector}'s values: {@value #AUTO} or a known detector, in any case, '_' for '-'. */
    static final ValueType<String> CHOICE = text -> {
        String name = text.toLowerCase(Locale.ROOT).replace('_', '-');
        List<String> allowed = Stream.concat(Stream.of(AUTO), ALL.stream().map(DetectorSpec::name)).toList();
        if (!allowed.contains(name)) {
            throw new InvalidValueException("must be one of " + String.join(", ", allowed));
        }
        return name;
    };

    private DetectorSpecs() {
    }

    public static List<DetectorSpec> all() {
        return ALL;
    }

    /** The known detector of this name; {@link #CHOICE} let only those through. */
    public static DetectorSpec named(String name) {
        return ALL.stream().filter(spec -> spec.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no detector called " + name + " on the classpath"));
    }

    /** Every detector's own settings, each once. */
    static List<Setting<?>> settings() {
        return ALL.stream().flatMap(spec -> spec.settings().stream()).distinct().toList();
    }

    /** The detectors' names for the docs, e.g. "`centernet`, `yolo-darknet`, `yolo-onnx`". */
    static String names() {
        return ALL.stream().map(spec -> "`" + spec.name() + "`").collect(Collectors.joining(", "));
    }

    /** Each detector's value for the docs, those of 0 left out, e.g. "`centernet` 512, `yolo-onnx` 640". */
    static String each(Function<DetectorSpec, Number> value) {
        return ALL.stream().filter(spec -> value.apply(spec).doubleValue() != 0)
                .map(spec -> "`" + spec.name() + "` " + value.apply(spec)).collect(Collectors.joining(", "));
    }
}
