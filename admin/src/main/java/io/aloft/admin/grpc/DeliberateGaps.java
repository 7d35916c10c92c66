package io.aloft.admin.grpc;

import java.util.Map;

/**
 * The flyteidl RPCs admin deliberately answers UNIMPLEMENTED, each with the reason (none today); every other RPC of
 * the services Flyte's admin serves is implemented. RpcWalkIT calls every RPC and holds this list to the truth, both
 * ways, and docs/architecture.md ("Deliberate gaps") mirrors it.
 */
public final class DeliberateGaps {
  private DeliberateGaps() {}

  /** Full method name ({@code service/Method}) to why it is not served. */
  public static final Map<String, String> RPCS = Map.of();
}
