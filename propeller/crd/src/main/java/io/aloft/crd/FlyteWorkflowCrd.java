package io.aloft.crd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The FlyteWorkflow CustomResourceDefinition manifest shipped in this jar: what {@link CrdGenerator} generated at
 * build time, the same bytes as {@code deploy/crds/flyteworkflow.yaml}.
 */
public final class FlyteWorkflowCrd {
  public static final String RESOURCE = "/META-INF/aloft/flyteworkflow.yaml";
  public static final String NAME = FlyteWorkflow.PLURAL + "." + FlyteWorkflow.GROUP;

  private FlyteWorkflowCrd() {}

  /** The CRD as YAML. */
  public static String yaml() {
    try (InputStream in = FlyteWorkflowCrd.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
