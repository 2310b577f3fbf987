// Run after `next build` (see package.json) so `npm start` knows the build is current.
import path from "node:path";
import { recordBuildFingerprint } from "./build-fingerprint";

recordBuildFingerprint(path.resolve(import.meta.dirname, ".."));
