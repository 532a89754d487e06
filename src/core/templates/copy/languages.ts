// The words of every supported language, by language code.
import type { Language } from '../../types.ts';
import type { LanguageCopy } from './copy-types.ts';
import { deCustomer } from './de.ts';
import { deTasks } from './de-tasks.ts';
import { enCustomer } from './en.ts';
import { enTasks } from './en-tasks.ts';
import { frCustomer } from './fr.ts';
import { frTasks } from './fr-tasks.ts';
import { nlCustomer } from './nl.ts';
import { nlTasks } from './nl-tasks.ts';

export const COPY: Record<Language, LanguageCopy> = {
  fr: { customer: frCustomer, tasks: frTasks },
  en: { customer: enCustomer, tasks: enTasks },
  nl: { customer: nlCustomer, tasks: nlTasks },
  de: { customer: deCustomer, tasks: deTasks },
};
