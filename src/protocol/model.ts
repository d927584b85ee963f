/**
 * The one model application code uses: the newest handshake version's shapes (2025-11-25), in
 * which what older versions lack is optional. The kernel validates what comes in against the
 * negotiated version and brings what goes out down to it, so handlers do not branch on versions.
 */

export type { ServerNotifications } from "../../generated/2025-11-25/methods.js";
export type * from "../../generated/2025-11-25/types.js";
