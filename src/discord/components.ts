import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import { acceptSwap, declineSwap } from '../app/answerSwap.ts';
import { claimMeeting } from '../app/claimMeeting.ts';
import { setTitleOfMeeting } from '../app/titleForm.ts';
import { UserError } from '../domain/errors.ts';
import { parseCustomId } from '../render/custom-ids.ts';
import {
  renderClaimed,
  renderSwapAccepted,
  renderSwapAnswer,
  renderSwapDeclined,
  renderTitleSet,
} from '../render/replies.ts';
import { type Answer, type Env, privately } from './answer.ts';
import { TITLE_INPUT } from './commands/topic.ts';

/**
 * A button press. The custom id is parsed strictly, and the app action checks
 * everything it names (guild, state, who may press): a forged or stale button
 * acts on nothing and gets a clear ephemeral answer.
 */
export function pressButton(interaction: ButtonInteraction, { ctx, lang }: Env): Answer {
  const id = parseCustomId(interaction.customId);
  switch (id?.kind) {
    case 'claim':
      return privately(renderClaimed(claimMeeting(ctx, { meetingId: id.meetingId }), lang));
    case 'swap-accept': {
      const outcome = acceptSwap(ctx, { swapId: id.swapId });
      return {
        kind: 'update',
        payload: renderSwapAnswer(outcome.request, outcome.series, outcome.series.language),
        followUp: renderSwapAccepted(outcome, lang),
      };
    }
    case 'swap-decline': {
      const outcome = declineSwap(ctx, { swapId: id.swapId });
      return {
        kind: 'update',
        payload: renderSwapAnswer(outcome.request, outcome.series, outcome.series.language),
        followUp: renderSwapDeclined(outcome, lang),
      };
    }
    default:
      throw new UserError('error.stale');
  }
}

/** A submitted form: only the title form exists here. */
export function submitForm(interaction: ModalSubmitInteraction, { ctx, lang }: Env): Answer {
  const id = parseCustomId(interaction.customId);
  const field = interaction.fields.fields.get(TITLE_INPUT);
  if (id?.kind !== 'title-form' || !field || !('value' in field) || typeof field.value !== 'string') {
    throw new UserError('error.stale');
  }
  return privately(
    renderTitleSet(setTitleOfMeeting(ctx, { meetingId: id.meetingId, title: field.value }), lang),
  );
}
