/**
 * The registered items of one kind (tools, fixed resources, resource templates or prompts), by
 * key, each enabled or not. Whatever changes what a list shows (registering, enabling, disabling,
 * removing) reports it, so that clients hear of it through a list_changed notification.
 */

import { ErrorCode, McpError } from "../../protocol/errors.js";

/** A registered resource, template or prompt. */
export interface RegisteredItem {
  /** Lists the item again (clients hear of it through list_changed). */
  enable(): void;
  /** Hides the item from listings and refuses calls to it, until enabled again. */
  disable(): void;
  /** Removes the item for good (its name becomes free); removing twice does nothing. */
  remove(): void;
}

/** What `update()` takes: any config field, the handler as `callback`, and `enabled`. */
export type ItemChanges<Config, Handler> = Partial<Config> & { callback?: Handler; enabled?: boolean };

/** A registered item that can also be changed in place. */
export interface UpdatableItem<Config, Handler> extends RegisteredItem {
  /** Changes the item in place; clients hear of it through list_changed. */
  update(changes: ItemChanges<Config, Handler>): void;
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

  /**
   * Registers the entry `build` makes of `config` and `handler`, with a handle whose `update()`
   * (the official SDK's) rebuilds it from the changed config, checked as at registration, and
   * tells clients if it is listed.
   */
  addUpdatable<Config extends object, Handler>(
    key: string,
    config: Config,
    handler: Handler,
    build: (config: Config, handler: Handler) => Entry,
  ): UpdatableItem<Config, Handler> {
    const entry = build(config, handler);
    const handle = this.add(key, entry);
    let current = { config, handler };
    const update = ({ callback, enabled, ...changes }: ItemChanges<Config, Handler>) => {
      const next = { config: { ...current.config, ...changes } as Config, handler: callback ?? current.handler };
      Object.assign(entry, build(next.config, next.handler), { enabled: entry.enabled });
      current = next;
      if (this.entries.get(key) === entry && entry.enabled) this.changed();
      if (enabled === true) handle.enable();
      if (enabled === false) handle.disable();
    };
    return { ...handle, update };
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
