// Gate nodes in the node panel: a RUNNING approve gate offers Approve / Reject, a RUNNING signal gate a field of the
// signal's type; either sends SetSignal, and the gate node moves on at propeller's next round. A sleep gate shows its
// duration only. Mirrors what flytekit's FlyteRemote.approve / reject / set_signal send.
import { api, ApiError, type CompiledNode, type ExecutionId, type Literal, type LiteralType,
  type NodeExecution } from "./api";
import { h } from "./dom";
import { FieldError, inputField } from "./inputs";

interface GateNode {
  approve?: { signal_id: string } | null;
  signal?: { signal_id: string; type: LiteralType; output_variable_name?: string } | null;
  sleep?: { duration: string } | null;
}

/** Appends node's gate controls to panel when the compiled node is a gate; nothing otherwise. */
export function appendGate(panel: HTMLElement, id: ExecutionId, compiled: CompiledNode | undefined,
    node: NodeExecution | undefined): void {
  const gate = compiled?.gate_node as GateNode | null | undefined;
  if (!gate) return;
  const box = h("section", { id: "gate" }, h("h3", {}, "Gate"));
  panel.append(box);
  if (gate.sleep) {
    box.append(h("p", { id: "gate-sleep" }, `Sleeps for ${gate.sleep.duration}.`));
    return;
  }
  const signalId = gate.approve?.signal_id ?? gate.signal?.signal_id ?? "";
  box.append(h("p", {}, gate.approve ? "Waits for approval " : "Waits for signal ", h("code", {}, signalId)));
  if (node?.closure.phase !== "RUNNING") return;
  const status = h("p", { id: "gate-status" });
  const sendValue = (value: Literal, buttons: HTMLButtonElement[]) => {
    buttons.forEach(b => { b.disabled = true; });
    status.className = "muted";
    status.textContent = "sending…";
    api.setSignal(id, signalId, value).then(() => { status.textContent = "Sent; the gate moves on shortly."; },
      (e: unknown) => {
        buttons.forEach(b => { b.disabled = false; });
        status.className = "error";
        status.textContent = e instanceof ApiError ? `${e.status}: ${e.message}` : String(e);
      });
  };
  if (gate.approve) {
    const approve = h("button", { type: "button", id: "gate-approve" }, "Approve");
    const reject = h("button", { type: "button", id: "gate-reject" }, "Reject");
    const both = [approve, reject];
    approve.addEventListener("click", () => sendValue(bool(true), both));
    reject.addEventListener("click", () => sendValue(bool(false), both));
    box.append(h("p", {}, approve, " ", reject), status);
  } else if (gate.signal) {
    const field = inputField(gate.signal.output_variable_name || signalId, { type: gate.signal.type, required: true });
    const send = h("button", { type: "button", id: "gate-send" }, "Send");
    send.addEventListener("click", () => {
      try {
        const value = field.read();
        if (value) sendValue(value, [send]);
      } catch (e) {
        if (!(e instanceof FieldError)) throw e;
      }
    });
    box.append(field.row, h("p", {}, send), status);
  }
}

function bool(b: boolean): Literal {
  return { scalar: { primitive: { boolean: b } } };
}
