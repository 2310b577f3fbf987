// Which TCP ports a process listens on, and on which address, read from Linux's /proc
// (tests only): the proof that a server is bound to loopback, or that it opened no TCP
// port at all, without guessing port numbers.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export interface TcpListener {
  address: string;
  port: number;
  inode: string;
}

export const canInspectSockets = process.platform === "linux";

function decodeIpv4(hex: string): string {
  // One 32-bit word in host (little-endian) order.
  return [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)).join(".");
}

function decodeIpv6(hex: string): string {
  // Four 32-bit words, each in host (little-endian) order.
  const bytes: number[] = [];
  for (let word = 0; word < 4; word++) {
    const chunk = hex.slice(word * 8, word * 8 + 8);
    for (const i of [6, 4, 2, 0]) bytes.push(Number.parseInt(chunk.slice(i, i + 2), 16));
  }
  const groups = Array.from({ length: 8 }, (_, i) => (((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0)).toString(16));
  const text = groups.join(":");
  if (text === "0:0:0:0:0:0:0:0") return "::";
  if (text === "0:0:0:0:0:0:0:1") return "::1";
  if (text.startsWith("0:0:0:0:0:ffff:")) return `::ffff:${decodeIpv4(hex.slice(24, 32))}`;
  return text;
}

/** Every listening TCP socket on this machine (IPv4 and IPv6). */
export function tcpListeners(): TcpListener[] {
  const listeners: TcpListener[] = [];
  for (const [file, decode] of [
    ["/proc/net/tcp", decodeIpv4],
    ["/proc/net/tcp6", decodeIpv6],
  ] as const) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [local, state, inode] = [fields[1], fields[3], fields[9]];
      if (!local || state !== "0A" || !inode) continue; // 0A: LISTEN
      const [addressHex = "", portHex = "0"] = local.split(":");
      listeners.push({ address: decode(addressHex), port: Number.parseInt(portHex, 16), inode });
    }
  }
  return listeners;
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1]) inodes.add(match[1]);
    } catch {
      // Closed while we looked.
    }
  }
  return inodes;
}

/** The TCP sockets process `pid` listens on. */
export function tcpListenersOf(pid: number): TcpListener[] {
  const inodes = socketInodes(pid);
  return tcpListeners().filter((l) => inodes.has(l.inode));
}
