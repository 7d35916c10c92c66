package io.aloft.testkit.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigMappingInterface;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks a deployment's properties file (a ConfigMap under deploy/) against the service that reads it, from inside
 * that service's tests, so that its classpath is the service's: every key must be one the service declares, every
 * Quarkus key must be settable at run time, and every value must be the code's default unless the caller names the
 * key as deliberately different. Declared keys come from
 * <ul>
 *   <li>the Quarkus extensions' config models on the classpath ({@code META-INF/quarkus-config-doc}), with their
 *       phase and default;</li>
 *   <li>the service's {@code @ConfigMapping} interfaces, found in its classes directory, with their defaults;</li>
 *   <li>{@code @ConfigProperty} injection points and {@code ${key:default}} expressions in annotations (e.g.
 *       {@code @Scheduled}) of its classes;</li>
 *   <li>the service's own application.properties, whose values are its defaults where they set one.</li>
 * </ul>
 * The service's mappings are also built over the file (with {@code env} for what a pod's environment supplies), so a
 * value of the wrong type or an unresolvable expression fails too.
 */
public final class DeployedConfigCheck {
  private static final String MODEL = "META-INF/quarkus-config-doc/quarkus-config-model.json";
  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([A-Za-z0-9._\\-\"\\[\\]]+)(?::([^}]*))?}");

  /**
   * What every service's ConfigMap sets on purpose to something else than the code: the placeholder S3 endpoint,
   * static S3 credentials (from a Secret), and a shutdown timeout (the code has none).
   */
  static final Set<String> SHARED_DELIBERATE = Set.of("quarkus.s3.endpoint-override",
      "quarkus.s3.aws.credentials.type", "quarkus.shutdown.timeout");

  private final Path classes;
  private final List<Declared> declared = new ArrayList<>();
  private final List<Class<?>> mappings = new ArrayList<>();
  private final Set<String> deliberate = new java.util.HashSet<>(SHARED_DELIBERATE);
  private final Map<String, String> env = new HashMap<>();
  private final Set<String> pending = new java.util.HashSet<>();

  /**
   * A declared key (a regex over property names), its default (or null), and whether it can be set at run time
   * (null where only the service's own application.properties names it, which says nothing about that).
   */
  record Declared(Pattern key, String defaultValue, Boolean runtime, String origin) {}

  private DeployedConfigCheck(Path classes) {
    this.classes = classes;
  }

  /** What the service whose compiled classes and resources are in {@code classes} declares. */
  public static DeployedConfigCheck forService(Path classes) {
    DeployedConfigCheck check = new DeployedConfigCheck(classes);
    check.quarkusModels();
    check.serviceClasses();
    check.applicationProperties();
    return check;
  }

  /** Keys whose value differs from the code's on purpose (the file says why), besides the shared ones. */
  public DeployedConfigCheck deliberately(String... keys) {
    deliberate.addAll(List.of(keys));
    return this;
  }

  /** What the pod's environment provides (Secrets, the downward API), by variable name, for expressions. */
  public DeployedConfigCheck env(Map<String, String> variables) {
    env.putAll(variables);
    return this;
  }

  /**
   * Keys a change in flight adds to the service: they may be undeclared. Once declared they are a problem, so the
   * list does not outlive the change.
   */
  public DeployedConfigCheck pending(String... keys) {
    pending.addAll(List.of(keys));
    return this;
  }

  /**
   * The problems of {@code file}: keys nobody declares (or fixed at build time), values that are not the default
   * for keys not deliberately different, and values the service's mappings cannot take.
   */
  public List<String> problems(Path file) {
    Properties deployed = load(file);
    List<String> problems = new ArrayList<>();
    for (String key : new TreeMap<>(toMap(deployed)).keySet()) {
      List<Declared> matches = declared.stream().filter(d -> d.key().matcher(key).matches()).toList();
      if (matches.isEmpty()) {
        if (!pending.contains(key)) {
          problems.add(key + ": declared by nothing in " + classes + " or its Quarkus extensions (a typo?)");
        }
        continue;
      }
      if (pending.contains(key)) {
        problems.add(key + ": declared now (" + matches.get(0).origin() + "); remove it from the pending keys");
      }
      var buildTime = matches.stream().filter(d -> Boolean.FALSE.equals(d.runtime())).findFirst();
      if (buildTime.isPresent() && matches.stream().noneMatch(d -> Boolean.TRUE.equals(d.runtime()))) {
        problems.add(key + ": fixed at build time (" + buildTime.get().origin() + "); a ConfigMap cannot change it");
      }
      if (deliberate.contains(key)) {
        continue;
      }
      String value = deployed.getProperty(key).trim();
      String expected = matches.stream().map(Declared::defaultValue).filter(v -> v != null).findFirst().orElse(null);
      if (expected == null) {
        problems.add(key + "=" + value + ": the code has no default to compare with; list the key as deliberate");
      } else if (!expected.trim().equalsIgnoreCase(value)) {
        problems.add(key + "=" + value + ": the code's default is " + expected + " (" + matches.get(0).origin()
            + "); write it, or list the key as deliberate and say why in the file");
      }
    }
    problems.addAll(mappingErrors(deployed));
    return problems;
  }

  /** Builds the service's mappings over the file; conversion and expansion errors come back as problems. */
  private List<String> mappingErrors(Properties deployed) {
    // the converters Quarkus registers, e.g. durations written "5s" as a service reads them
    SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultInterceptors().addDiscoveredConverters()
        .withSources(new PropertiesConfigSource(withoutPending(toMap(deployed)), "deployed", 250))
        .withSources(new EnvConfigSource(env, 300))
        // as the service itself does at start: a key under a mapping's prefix that the mapping does not declare is an
        // error ("SRCFG00050 ... does not map to any root"), even if an @ConfigProperty reads it
        .withValidateUnknown(true);
    mappings.forEach(m -> builder.withMapping(m));
    try {
      builder.build();
      return List.of();
    } catch (RuntimeException e) {
      return List.of("the service's settings do not accept the file: " + e.getMessage());
    }
  }

  // keys of a change in flight are undeclared on purpose; the service would refuse them, but not for long
  private Map<String, String> withoutPending(Map<String, String> deployed) {
    Map<String, String> m = new LinkedHashMap<>(deployed);
    m.keySet().removeAll(pending);
    return m;
  }

  private void quarkusModels() {
    try {
      for (URL url : Collections.list(getClass().getClassLoader().getResources(MODEL))) {
        try (InputStream in = url.openStream()) {
          collectModel(new ObjectMapper().readTree(in), url.toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void collectModel(JsonNode node, String origin) {
    if (node.isObject() && node.path("path").isObject() && node.has("phase")) {
      boolean runtime = node.path("phase").asText().equals("RUN_TIME");
      String def = node.hasNonNull("defaultValue") ? node.get("defaultValue").asText() : null;
      declared.add(new Declared(quarkusPath(node.path("path").path("property").asText()), def, runtime, origin));
      for (JsonNode extra : node.path("additionalPaths")) {
        declared.add(new Declared(quarkusPath(extra.path("property").asText()), def, runtime, origin));
      }
      return;
    }
    node.forEach(child -> collectModel(child, origin));
  }

  /** A Quarkus doc path: a quoted segment ({@code "datasource-name"}) is a map key, any name. */
  static Pattern quarkusPath(String path) {
    StringBuilder regex = new StringBuilder();
    StringBuilder segment = new StringBuilder();
    boolean quoted = false;
    for (char ch : (path + ".").toCharArray()) {
      if (ch == '"') {
        quoted = !quoted;
      }
      if (ch != '.' || quoted) {
        segment.append(ch);
        continue;
      }
      String part = segment.toString();
      regex.append(regex.isEmpty() ? "" : "\\.")
          .append(part.startsWith("\"") ? "(\"[^\"]+\"|[^.\"]+)" : Pattern.quote(part));
      segment.setLength(0);
    }
    return Pattern.compile(regex.toString());
  }

  /** A SmallRye mapping path: {@code *} is a map key, {@code [*]} a list index. */
  static Pattern mappingPath(String path) {
    return Pattern.compile(Pattern.quote(path).replace("[*]", "\\E\\[\\d+]\\Q").replace("*", "\\E[^.]+\\Q"));
  }

  private void serviceClasses() {
    for (Class<?> c : classesIn(classes)) {
      ConfigMapping mapping = c.getAnnotation(ConfigMapping.class);
      if (mapping != null && c.isInterface()) {
        mappings.add(c);
        Map<String, ConfigMappingInterface.Property> props = ConfigMappings.getProperties(
            ConfigMappings.ConfigClass.configClass(c, mapping.prefix()));
        props.forEach((name, p) -> declared.add(new Declared(mappingPath(name),
            p.hasDefaultValue() ? p.getDefaultValue() : null, true, c.getName())));
      }
      List<AnnotatedElement> elements = new ArrayList<>(List.of(c.getDeclaredFields()));
      elements.addAll(List.of(c.getDeclaredMethods()));
      for (Executable e : Stream.concat(Stream.of(c.getDeclaredConstructors()), Stream.of(c.getDeclaredMethods()))
          .toList()) {
        elements.addAll(List.of(e.getParameters()));
      }
      for (AnnotatedElement e : elements) {
        for (Annotation a : e.getAnnotations()) {
          annotationKeys(a, c.getName());
        }
      }
    }
  }

  /** {@code @ConfigProperty(name, defaultValue)}, and {@code ${key:default}} in any other annotation's strings. */
  private void annotationKeys(Annotation a, String origin) {
    Map<String, String> attributes = new HashMap<>();
    for (Method m : a.annotationType().getDeclaredMethods()) {
      if (m.getReturnType() == String.class && m.getParameterCount() == 0) {
        try {
          attributes.put(m.getName(), (String) m.invoke(a));
        } catch (ReflectiveOperationException ex) {
          throw new IllegalStateException(ex);
        }
      }
    }
    if (a.annotationType().getName().equals("org.eclipse.microprofile.config.inject.ConfigProperty")) {
      String def = attributes.get("defaultValue");
      declared.add(new Declared(Pattern.compile(Pattern.quote(attributes.get("name"))),
          def == null || def.equals("org.eclipse.microprofile.config.configproperty.unconfigureddvalue") ? null : def,
          true, origin));
      return;
    }
    for (String value : attributes.values()) {
      Matcher m = EXPRESSION.matcher(value);
      while (m.find()) {
        declared.add(new Declared(Pattern.compile(Pattern.quote(m.group(1))), m.group(2), true, origin));
      }
    }
  }

  private void applicationProperties() {
    Path file = classes.resolve("application.properties");
    if (Files.exists(file)) {
      toMap(load(file)).forEach((k, v) -> {
        if (!k.startsWith("%")) {
          declared.add(0, new Declared(Pattern.compile(Pattern.quote(k)), v, null, file.toString()));
        }
      });
    }
  }

  private static List<Class<?>> classesIn(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      List<Class<?>> out = new ArrayList<>();
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = dir.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
        try {
          out.add(Class.forName(name, false, DeployedConfigCheck.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError e) {
          // generated or optional classes the test classpath cannot load declare no settings we look for
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Properties load(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  private static Map<String, String> toMap(Properties p) {
    Map<String, String> m = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
    return m;
  }
}
