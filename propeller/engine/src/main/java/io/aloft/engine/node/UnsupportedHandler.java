package io.aloft.engine.node;

import flyteidl.core.Execution.ExecutionError;

/** Node kinds this engine does not run yet (launch-plan workflow nodes, gates): the node fails cleanly. */
public final class UnsupportedHandler implements NodeHandler {
  @Override
  public boolean isExecutable() {
    return false;
  }

  @Override
  public Transition handle(NodeContext ctx) {
    return Transition.permanent("UnsupportedNodeKind", "unsupported node kind [" + ctx.node().kind + "]",
        ExecutionError.ErrorKind.SYSTEM);
  }

  @Override
  public void abort(NodeContext ctx, String reason) {}

  @Override
  public void finalize(NodeContext ctx) {}
}
