// Lists where each .cpuprofile (from node --cpu-prof) spent its time: the top 25 functions by self
// time and by inclusive time. Usage: tsx bench/profile-top.ts FILE.cpuprofile...
// (--import tsx adds a small profile of its loader thread; the large file is the main thread.)
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const TOP = 25;
const files = process.argv.slice(2);
if (files.length === 0) throw new Error("usage: tsx bench/profile-top.ts FILE.cpuprofile...");

const label = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || "(anonymous)"} ${url.split("/").slice(-2).join("/")}:${lineNumber + 1}`;
};

for (const file of files) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const timeById = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    timeById.set(id, (timeById.get(id) ?? 0) + dt);
  });
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, dt] of timeById) {
    const leaf = byId.get(id);
    if (leaf) self.set(label(leaf), (self.get(label(leaf)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const node = byId.get(at);
      if (!node || seen.has(label(node))) continue;
      seen.add(label(node));
      inclusive.set(label(node), (inclusive.get(label(node)) ?? 0) + dt);
    }
  }
  const top = (times: Map<string, number>) =>
    [...times]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP)
      .map(([name, dt]) => `${((100 * dt) / total).toFixed(1).padStart(5)}%  ${name}`)
      .join("\n");
  console.log(
    `${file}\n\nself time\n${top(self)}\n\ninclusive time (synchronous stacks only)\n${top(inclusive)}\n`,
  );
}
