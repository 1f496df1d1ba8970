import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  InteractionType,
} from 'discord-api-types/v10';
import type { JsonObject } from './directory.ts';

/** The `type` and `data` of an interaction; spread it into `FakeDiscord.sendInteraction`. */
export interface InteractionSpec {
  type: InteractionType;
  data: JsonObject;
}

/** A command option value; the type is inferred from the JavaScript type unless given. */
export type OptionInput =
  | string
  | number
  | boolean
  | { type: ApplicationCommandOptionType; value: string | number | boolean };

/**
 * An APPLICATION_COMMAND (chat input) interaction. `subcommand` is `'sub'` or `'group sub'`;
 * strings become STRING options, integers INTEGER, other numbers NUMBER, booleans BOOLEAN.
 * Pass `{ type, value }` for USER, CHANNEL, ROLE or MENTIONABLE options: `sendInteraction`
 * fills `resolved` from the fixtures.
 */
export function chatInput(
  name: string,
  subcommand?: string,
  options: Readonly<Record<string, OptionInput>> = {},
): InteractionSpec {
  const leaf = Object.entries(options).map(([option, input]) => toOption(option, input));
  return { type: InteractionType.ApplicationCommand, data: commandData(name, subcommand, leaf) };
}

/**
 * An APPLICATION_COMMAND_AUTOCOMPLETE interaction: `focused` is the option being typed
 * (sent with `focused: true`), `options` the ones already filled in.
 */
export function autocomplete(
  name: string,
  focused: { name: string; value: string | number },
  subcommand?: string,
  options: Readonly<Record<string, OptionInput>> = {},
): InteractionSpec {
  const leaf = [
    ...Object.entries(options).map(([option, input]) => toOption(option, input)),
    { ...toOption(focused.name, focused.value), focused: true },
  ];
  return { type: InteractionType.ApplicationCommandAutocomplete, data: commandData(name, subcommand, leaf) };
}

/** A click on the button `customId` (pass the clicked `message` to `sendInteraction`). */
export function button(customId: string): InteractionSpec {
  return {
    type: InteractionType.MessageComponent,
    data: { custom_id: customId, component_type: ComponentType.Button },
  };
}

/** A choice in the string select menu `customId`. */
export function stringSelect(customId: string, values: readonly string[]): InteractionSpec {
  return {
    type: InteractionType.MessageComponent,
    data: { custom_id: customId, component_type: ComponentType.StringSelect, values },
  };
}

/**
 * A MODAL_SUBMIT of text inputs (`values` by input custom id). Discord echoes the modal's
 * layout: `'label'` (label components, type 18, wrapping each input; what `LabelBuilder`
 * produces) or `'actionRow'` (the classic action rows of text inputs). discord.js 14.28
 * reads both through `fields.getTextInputValue`.
 */
export function modalSubmit(
  customId: string,
  values: Readonly<Record<string, string>>,
  layout: 'label' | 'actionRow' = 'label',
): InteractionSpec {
  const nextId = counter();
  const components = Object.entries(values).map(([inputId, value]) => {
    const wrapperId = nextId();
    const input = { type: ComponentType.TextInput, id: nextId(), custom_id: inputId, value };
    return layout === 'label'
      ? { type: ComponentType.Label, id: wrapperId, component: input }
      : { type: ComponentType.ActionRow, id: wrapperId, components: [input] };
  });
  return { type: InteractionType.ModalSubmit, data: { custom_id: customId, components } };
}

/**
 * The MODAL_SUBMIT of a modal the bot showed (the `data` of its type-9 callback), with the
 * same layout: text inputs take `values[customId]` (else their prefilled value), selects take
 * `values[customId]` as an array.
 */
export function modalSubmitFrom(
  modal: { custom_id?: unknown; components?: unknown },
  values: Readonly<Record<string, string | readonly string[]>>,
): InteractionSpec {
  const nextId = counter();
  const components = ((modal.components ?? []) as JsonObject[]).map((c) => mirror(c, values, nextId));
  return { type: InteractionType.ModalSubmit, data: { custom_id: modal.custom_id, components } };
}

/** The submitted form of one modal component. */
function mirror(
  component: JsonObject,
  values: Readonly<Record<string, string | readonly string[]>>,
  nextId: () => number,
): JsonObject {
  const base = { type: component.type, id: component.id ?? nextId() };
  if (Array.isArray(component.components)) {
    return {
      ...base,
      components: (component.components as JsonObject[]).map((c) => mirror(c, values, nextId)),
    };
  }
  if (component.component)
    return { ...base, component: mirror(component.component as JsonObject, values, nextId) };
  if (typeof component.custom_id !== 'string') return base;
  const value = values[component.custom_id];
  if (component.type === ComponentType.TextInput) {
    return {
      ...base,
      custom_id: component.custom_id,
      value: typeof value === 'string' ? value : (component.value ?? ''),
    };
  }
  return {
    ...base,
    custom_id: component.custom_id,
    values: typeof value === 'string' ? [value] : (value ?? []),
  };
}

function counter(): () => number {
  let last = 0;
  return () => ++last;
}

function commandData(name: string, subcommand: string | undefined, leaf: JsonObject[]): JsonObject {
  return { name, type: ApplicationCommandType.ChatInput, options: nest(subcommand, leaf) };
}

function nest(subcommand: string | undefined, leaf: JsonObject[]): JsonObject[] {
  if (subcommand === undefined) return leaf;
  const [first = '', second] = subcommand.split(' ');
  const T = ApplicationCommandOptionType;
  if (second === undefined) return [{ type: T.Subcommand, name: first, options: leaf }];
  return [
    { type: T.SubcommandGroup, name: first, options: [{ type: T.Subcommand, name: second, options: leaf }] },
  ];
}

function toOption(name: string, input: OptionInput): JsonObject {
  if (typeof input === 'object') return { name, type: input.type, value: input.value };
  return { name, type: inferType(input), value: input };
}

function inferType(value: string | number | boolean): ApplicationCommandOptionType {
  if (typeof value === 'string') return ApplicationCommandOptionType.String;
  if (typeof value === 'boolean') return ApplicationCommandOptionType.Boolean;
  return Number.isInteger(value) ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number;
}
