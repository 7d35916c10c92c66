package io.aloft.engine.node;

/**
 * The start node: its outputs are the workflow's inputs (Flyte's SetInputsForStartNode + start handler); a nested
 * workflow's were written by the node that runs it.
 */
public final class StartHandler implements NodeHandler {
  @Override
  public boolean isExecutable() {
    return false;
  }

  @Override
  public Transition handle(NodeContext ctx) {
    if (!ctx.level().top()) {
      return Transition.success(); // its outputs, the nested workflow's inputs, were written when it started
    }
    ctx.blobs().writeProto(ctx.outputsPath(), ctx.exec().inputs());
    return Transition.success();
  }

  @Override
  public void abort(NodeContext ctx, String reason) {}

  @Override
  public void finalize(NodeContext ctx) {}
}
