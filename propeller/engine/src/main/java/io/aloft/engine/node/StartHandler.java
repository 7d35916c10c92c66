package io.aloft.engine.node;

/** The start node: its outputs are the workflow's inputs (Flyte's SetInputsForStartNode + start handler). */
public final class StartHandler implements NodeHandler {
  @Override
  public boolean isExecutable() {
    return false;
  }

  @Override
  public Transition handle(NodeContext ctx) {
    ctx.blobs().writeProto(ctx.outputsPath(), ctx.exec().inputs());
    return Transition.success();
  }

  @Override
  public void abort(NodeContext ctx, String reason) {}

  @Override
  public void finalize(NodeContext ctx) {}
}
