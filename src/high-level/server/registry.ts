/**
 * The registered items of one kind (tools, fixed resources, resource templates or prompts), by
 * key, each enabled or not. Whatever changes what a list shows (registering, enabling, disabling,
 * removing) reports it, so that clients hear of it through a list_changed notification.
 */

import { ErrorCode, McpError } from "../../protocol/errors.js";

/** A registered resource, template or prompt. */
export interface RegisteredItem {
  enable(): void;
  disable(): void;
  remove(): void;
}

/** What every registered item has: the definition its list shows, and whether it shows. */
export interface RegistryEntry<Definition> {
  definition: Definition;
  enabled: boolean;
}

export class Registry<Entry extends RegistryEntry<unknown>> {
  private readonly entries = new Map<string, Entry>();

  /** `changed` is told of every change to what the list shows. */
  constructor(private readonly changed: () => void) {}

  /** Every registered entry, disabled ones included. */
  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** The entry under `key`, enabled or not. */
  get(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  /** The enabled entry named `name`: to a client, a disabled entry does not exist (-32602). */
  named(name: string, kind: string): Entry {
    const entry = this.entries.get(name);
    if (!entry?.enabled) {
      throw new McpError(ErrorCode.InvalidParams, `Invalid params: unknown ${kind} ${JSON.stringify(name)}`, { name });
    }
    return entry;
  }

  /** Every registered entry in registration order, disabled ones included. */
  values(): MapIterator<Entry> {
    return this.entries.values();
  }

  /** The definitions of the enabled entries, in registration order: what the list shows. */
  listed(): Entry["definition"][] {
    const definitions: Entry["definition"][] = [];
    for (const entry of this.entries.values()) if (entry.enabled) definitions.push(entry.definition);
    return definitions;
  }

  /** Registers `entry` under `key` (the caller refuses duplicates with its own message). */
  add(key: string, entry: Entry): RegisteredItem {
    this.entries.set(key, entry);
    this.changed();
    return this.handle(key, entry);
  }

  /** Replaces what `entry` holds (its definition, handler, ...) in place, telling clients if it is listed. */
  update(key: string, entry: Entry, next: Partial<Entry>): void {
    Object.assign(entry, next);
    if (this.entries.get(key) === entry && entry.enabled) this.changed();
  }

  private handle(key: string, entry: Entry): RegisteredItem {
    return {
      enable: () => {
        if (!entry.enabled) {
          entry.enabled = true;
          this.changed();
        }
      },
      disable: () => {
        if (entry.enabled) {
          entry.enabled = false;
          this.changed();
        }
      },
      remove: () => {
        // A handle outlives its entry: removing twice, or after the key was registered anew, is a no-op.
        if (this.entries.get(key) === entry) {
          this.entries.delete(key);
          this.changed();
        }
      },
    };
  }
}

/** A feature whose items (tools, prompts) live in one registry and are listed page by page. */
export abstract class RegistryFeature<Entry extends RegistryEntry<unknown>> {
  protected readonly registry: Registry<Entry>;

  /** `changed` hears of every change to the feature's list. */
  constructor(
    protected readonly pageSize: number,
    changed: () => void,
  ) {
    this.registry = new Registry(changed);
  }

  /** Every registered item, disabled ones included. */
  get size(): number {
    return this.registry.size;
  }
}
