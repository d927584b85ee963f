/**
 * The one model application code uses: the model version's shapes (the newest stateful-lifecycle
 * version, chosen by the generator), in which what older versions lack is optional. The kernel
 * validates what comes in against the negotiated version and brings what goes out down to it, so
 * handlers do not branch on versions.
 */
export type * from "../../generated/model.js";
