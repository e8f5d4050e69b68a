/** A serialized value from the log, shown as a collapsible typed tree (or raw text when undecodable). */
import { useMemo, useState } from "preact/hooks";
import { decodeValue, previewValue, type ValueNode } from "../state/decode-value.ts";

export function ValueView({ serialized, label }: { serialized: string | undefined; label?: string }) {
  const node = useMemo(() => decodeValue(serialized), [serialized]);
  const [raw, setRaw] = useState(false);
  return (
    <div class="value">
      <div class="value-head">
        {label && <span class="value-label">{label}</span>}
        <button class="link" onClick={() => setRaw(!raw)} title="Toggle the stored (devalue) form">
          {raw ? "tree" : "raw"}
        </button>
      </div>
      {raw ? <pre class="mono raw">{serialized ?? "(absent)"}</pre> : <Tree node={node} depth={0} />}
    </div>
  );
}

function Tree({ node, depth, name }: { node: ValueNode; depth: number; name?: string }) {
  const children = childrenOf(node);
  const [open, setOpen] = useState(depth < 2);
  const key = name !== undefined ? <span class="v-key">{name}: </span> : null;
  if (!children) {
    return (
      <div class="v-row mono">
        {key}
        <Leaf node={node} />
      </div>
    );
  }
  return (
    <div class="v-node mono">
      <button class="v-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span class="caret">{open ? "▾" : "▸"}</span>
        {key}
        <span class="v-summary">{open ? summary(node) : previewValue(node, 60)}</span>
      </button>
      {open && (
        <div class="v-children">
          {children.length === 0 && <div class="v-row muted">(empty)</div>}
          {children.map(([childName, child], i) => (
            <Tree key={i} node={child} depth={depth + 1} name={childName} />
          ))}
        </div>
      )}
    </div>
  );
}

function Leaf({ node }: { node: ValueNode }) {
  if (node.kind === "primitive") return <span class={`v-${node.type}`}>{node.type === "string" ? JSON.stringify(node.value) : node.value}</span>;
  if (node.kind === "raw") return <span class="v-raw" title={node.reason}>{node.text}</span>;
  return <span class="v-special">{previewValue(node, 200)}</span>;
}

function summary(node: ValueNode): string {
  switch (node.kind) {
    case "array": return `Array(${node.length})`;
    case "object": return node.nullProto ? "Object (null prototype)" : "Object";
    case "map": return `Map(${node.entries.length})`;
    case "set": return `Set(${node.items.length})`;
    case "tagged": return node.tag;
    default: return "";
  }
}

function childrenOf(node: ValueNode): Array<[string | undefined, ValueNode]> | undefined {
  switch (node.kind) {
    case "array": return node.items.map((item, i) => [String(i), item]);
    case "object": return node.entries;
    case "set": return node.items.map((item) => [undefined, item]);
    case "map": return node.entries.map(([k, v]) => [previewValue(k, 40), v]);
    case "tagged": return node.value.kind === "primitive" || node.value.kind === "special" ? undefined : [[undefined, node.value]];
    default: return undefined;
  }
}
