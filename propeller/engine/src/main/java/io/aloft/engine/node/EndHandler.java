package io.aloft.engine.node;

/**
 * The end node: its inputs (resolved from the workflow's output bindings when it was queued) become its outputs,
 * which are the workflow's outputs ({@code status.outputRef}).
 */
public final class EndHandler implements NodeHandler {
  @Override
  public boolean isExecutable() {
    return false;
  }

  @Override
  public Transition handle(NodeContext ctx) {
    ctx.blobs().writeProto(ctx.outputsPath(), ctx.inputs());
    return Transition.success();
  }

  @Override
  public void abort(NodeContext ctx, String reason) {}

  @Override
  public void finalize(NodeContext ctx) {}
}
