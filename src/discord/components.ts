import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import { acceptSwap, declineSwap, withdrawSwap } from '../app/answerSwap.ts';
import { claimMeeting } from '../app/claimMeeting.ts';
import { editMinutes } from '../app/minutes.ts';
import { addMinutesOfMeeting, minutesButtonTarget } from '../app/minutesForm.ts';
import { setTitleOfMeeting } from '../app/titleForm.ts';
import { UserError } from '../domain/errors.ts';
import { parseCustomId } from '../render/custom-ids.ts';
import { renderMinutesSaved } from '../render/minutes.ts';
import {
  renderClaimed,
  renderSwapAccepted,
  renderSwapCancelled,
  renderSwapDeclined,
  renderTitleSet,
} from '../render/replies.ts';
import { renderSwapAnswer } from '../render/swap-request.ts';
import { type Answer, type Env, privately } from './answer.ts';
import { MINUTES_INPUT, openMinutesForm } from './commands/minutes.ts';
import { TITLE_INPUT } from './commands/topic.ts';

/**
 * A button press. The custom id is parsed strictly, and the app action checks
 * everything it names (guild, state, who may press): a forged or stale button
 * acts on nothing and gets a clear ephemeral answer.
 */
export async function pressButton(interaction: ButtonInteraction, { ctx, lang }: Env): Promise<Answer> {
  const id = parseCustomId(interaction.customId);
  switch (id?.kind) {
    case 'claim':
      return privately(renderClaimed(await claimMeeting(ctx, { meetingId: id.meetingId }), lang));
    // The request message shows the outcome at once (its edit, queued by the action, makes sure of it).
    case 'swap-accept': {
      const outcome = await acceptSwap(ctx, { swapId: id.swapId });
      return {
        kind: 'update',
        payload: renderSwapAnswer(outcome.request, outcome.series),
        followUp: renderSwapAccepted(outcome, lang),
      };
    }
    case 'swap-decline': {
      const outcome = await declineSwap(ctx, { swapId: id.swapId });
      return {
        kind: 'update',
        payload: renderSwapAnswer(outcome.request, outcome.series),
        followUp: renderSwapDeclined(outcome, lang),
      };
    }
    case 'swap-withdraw': {
      const outcome = await withdrawSwap(ctx, { swapId: id.swapId });
      return {
        kind: 'update',
        payload: renderSwapAnswer(outcome.request, outcome.series),
        followUp: renderSwapCancelled(outcome, lang),
      };
    }
    case 'minutes-form':
      // The follow-up's "Add summary": the form of `/minutes add` for that meeting.
      return openMinutesForm(await minutesButtonTarget(ctx, { meetingId: id.meetingId }), 'add', lang);
    default:
      throw new UserError('error.stale');
  }
}

/** The value of a form's text input; a form without it is not one of ours. */
function textInput(interaction: ModalSubmitInteraction, customId: string): string {
  const field = interaction.fields.fields.get(customId);
  if (!field || !('value' in field) || typeof field.value !== 'string') throw new UserError('error.stale');
  return field.value;
}

/**
 * A submitted form: the title form, or the summary form (adding to a meeting,
 * or editing one summary). The app action checks the meeting or summary the
 * custom id names, and the length of what was typed (a forged submit can skip
 * the form's own limits).
 */
export async function submitForm(interaction: ModalSubmitInteraction, { ctx, lang }: Env): Promise<Answer> {
  const id = parseCustomId(interaction.customId);
  switch (id?.kind) {
    case 'title-form': {
      const title = textInput(interaction, TITLE_INPUT);
      return privately(
        renderTitleSet(await setTitleOfMeeting(ctx, { meetingId: id.meetingId, title }), lang),
      );
    }
    case 'minutes-add': {
      const body = textInput(interaction, MINUTES_INPUT);
      return privately(
        renderMinutesSaved(await addMinutesOfMeeting(ctx, { meetingId: id.meetingId, body }), true, lang),
      );
    }
    case 'minutes-edit': {
      const body = textInput(interaction, MINUTES_INPUT);
      return privately(
        renderMinutesSaved(await editMinutes(ctx, { minutesId: id.minutesId, body }), false, lang),
      );
    }
    default:
      throw new UserError('error.stale');
  }
}
