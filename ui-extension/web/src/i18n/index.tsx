// Every string of the panel in French, English, Dutch and German: one typed dictionary per language
// (a missing key is a type error), the firm's language by default, the reader's choice remembered.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Language } from '../api/types.ts';
import { de } from './de.ts';
import { en, type Dict, type Key } from './en.ts';
import { fr } from './fr.ts';
import { nl } from './nl.ts';

export type { Key } from './en.ts';
export const LANGUAGES: Language[] = ['fr', 'en', 'nl', 'de'];
const dicts: Record<Language, Dict> = { fr, en, nl, de };
export const LANGUAGE_NAMES: Record<Language, string> = {
  fr: 'Français',
  en: 'English',
  nl: 'Nederlands',
  de: 'Deutsch',
};
const STORAGE_KEY = 'relance.language';

export type Vars = Record<string, string | number>;
export type T = (key: Key, vars?: Vars) => string;

export function translate(lang: Language, key: Key, vars?: Vars): string {
  const text = dicts[lang][key] ?? en[key] ?? key;
  return vars
    ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m))
    : text;
}

function stored(): Language | null {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return v && (LANGUAGES as string[]).includes(v) ? (v as Language) : null;
  } catch {
    return null;
  }
}

function fromBrowser(): Language {
  for (const l of navigator.languages ?? [navigator.language]) {
    const code = l.slice(0, 2).toLowerCase();
    if ((LANGUAGES as string[]).includes(code)) return code as Language;
  }
  return 'en';
}

interface I18n {
  lang: Language;
  /** BCP 47 locale for Intl: the language, with the firm's country for its conventions. */
  locale: string;
  t: T;
  /** For keys built from data (a status, a kind): the translation, or the fallback when there is none. */
  tOr(key: string, fallback: string): string;
  setLang(lang: Language): void;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({
  firmLanguage,
  country,
  children,
}: {
  firmLanguage: Language | null;
  country: string | null;
  children: ReactNode;
}) {
  const [chosen, setChosen] = useState<Language | null>(stored);
  const lang = chosen ?? firmLanguage ?? fromBrowser();
  const setLang = useCallback((l: Language) => {
    setChosen(l);
    try {
      window.localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // Private windows may refuse storage; the choice then lasts for this page.
    }
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(() => {
    let locale: string = lang;
    if (country && /^[A-Z]{2}$/.test(country)) {
      try {
        locale = Intl.getCanonicalLocales(`${lang}-${country}`)[0] ?? lang;
      } catch {
        locale = lang;
      }
    }
    return {
      lang,
      locale,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      tOr: (key, fallback) => (key in en ? translate(lang, key as Key) : fallback),
    };
  }, [lang, country, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
