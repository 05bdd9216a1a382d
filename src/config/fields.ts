import { z } from 'zod';

// The most common field shapes, each with the description and example docs/config.md and editors show.

/** A non-empty string, e.g. a name or an id. */
export const text = (description: string, example: string) =>
  z
    .string()
    .min(1)
    .meta({ description, examples: [example] });

/** A list of non-empty strings, e.g. projects or subscriptions. */
export const texts = (description: string, example: string[]) =>
  z.array(z.string().min(1)).meta({ description, examples: [example] });
