// Builds a CloudEvent in structured mode for a catalogue type: what the simulator, the
// importer's fixtures and the tests send. Typed by the catalogue, so a sender written
// against it cannot drift from what the endpoint validates.
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { EVENT_CATALOGUE, EventType } from "./catalogue";

export interface StructuredCloudEvent<T extends EventType = EventType> {
  specversion: "1.0";
  id: string;
  source: string;
  type: T;
  time: string;
  datacontenttype: "application/json";
  data: z.input<(typeof EVENT_CATALOGUE)[T]["schema"]>;
}

export function buildEvent<T extends EventType>(
  type: T,
  data: z.input<(typeof EVENT_CATALOGUE)[T]["schema"]>,
  options: { id?: string; time?: Date | string; source?: string } = {},
): StructuredCloudEvent<T> {
  const time = options.time === undefined ? new Date().toISOString() : typeof options.time === "string" ? options.time : options.time.toISOString();
  return { specversion: "1.0", id: options.id ?? randomUUID(), source: options.source ?? "/platform", type, time, datacontenttype: "application/json", data };
}
