/**
 * The skills extension (`io.modelcontextprotocol/skills`, SEP-2640) as the extension framework
 * defines it: its three client requests with their schemas. Server and client register this one
 * definition through the framework's public `registerExtension`, as a user's own extension would.
 */

import { defineExtension, method } from "../extension.js";
import { precompiledFrom, shippedValidators } from "../precompiled.js";
import type { GetSkillParams, GetSkillResult, ListSkillsParams, ListSkillsResult } from "./model.js";
import {
  GET_SKILL_PARAMS_SCHEMA,
  GET_SKILL_RESULT_SCHEMA,
  LIST_SKILLS_PARAMS_SCHEMA,
  LIST_SKILLS_RESULT_SCHEMA,
  READ_DIRECTORY_PARAMS_SCHEMA,
  READ_DIRECTORY_RESULT_SCHEMA,
} from "./schemas.js";

/** `resources/directory/read` params. */
export interface ReadDirectoryParams {
  /** The directory's URI. */
  uri: string;
  /** The cursor of the page to read (from the previous page's `nextCursor`). */
  cursor?: string;
}

/** `resources/directory/read` result: the direct children, subdirectories with mimeType `inode/directory`. */
export interface ReadDirectoryResult {
  /** The directory's direct children: files, and subdirectories with mimeType `inode/directory`. */
  resources: { uri: string; name: string; mimeType?: string; size?: number; description?: string }[];
  /** The cursor of the next page, when there is one. */
  nextCursor?: string;
}

/** The skills extension's definition. */
export const skillsExtension = defineExtension({
  /** The extension's identifier. */
  id: "io.modelcontextprotocol/skills",
  /** Clients need not declare the extension to call its requests. */
  // SEP-2640: declaring the extension commits a server to skills/list and skills/get; clients are not
  // asked to declare it first (the conformance scenarios call them without declaring).
  clientDeclaration: "optional",
  /** The requests a client sends. */
  clientRequests: {
    /** `skills/list`: a page of the listed skills' entries. */
    "skills/list": method<ListSkillsParams, ListSkillsResult>({
      params: LIST_SKILLS_PARAMS_SCHEMA,
      result: LIST_SKILLS_RESULT_SCHEMA,
    }),
    /** `skills/get`: the entry of one skill, listed or not. */
    "skills/get": method<GetSkillParams, GetSkillResult>({
      params: GET_SKILL_PARAMS_SCHEMA,
      result: GET_SKILL_RESULT_SCHEMA,
    }),
    /** `resources/directory/read`: a page of a directory's direct children. */
    "resources/directory/read": method<ReadDirectoryParams, ReadDirectoryResult>({
      params: READ_DIRECTORY_PARAMS_SCHEMA,
      result: READ_DIRECTORY_RESULT_SCHEMA,
    }),
  },
});

// Its schemas were compiled at build time (npm run generate): registering it compiles nothing.
precompiledFrom(skillsExtension.definition, () => shippedValidators("skills"));
