// The statute a formal reminder cites for late-payment interest and the fixed recovery compensation,
// written in the language of the message. The law is the firm's country's (the supplier's); when
// the caller does not say, the language decides (French cites the Code de commerce, German the BGB)
// and anything else cites the EU Late Payment Directive that all of these implement.
import type { Language } from '../types.ts';

export interface LegalReferences {
  /** Parenthetical citation for statutory late-payment interest. */
  interest: string;
  /** Parenthetical citation for the fixed compensation for recovery costs. */
  compensation: string;
}

type ByLanguage = Record<Language, string>;

const both = (refs: ByLanguage): { interest: ByLanguage; compensation: ByLanguage } => ({
  interest: refs,
  compensation: refs,
});

const DIRECTIVE = both({
  fr: 'directive 2011/7/UE concernant la lutte contre le retard de paiement dans les transactions commerciales',
  en: 'Directive 2011/7/EU on combating late payment in commercial transactions',
  nl: 'Richtlijn 2011/7/EU betreffende bestrijding van betalingsachterstand bij handelstransacties',
  de: 'Richtlinie 2011/7/EU zur Bekämpfung von Zahlungsverzug im Geschäftsverkehr',
});

const BY_COUNTRY: Record<string, { interest: ByLanguage; compensation: ByLanguage }> = {
  FR: both({
    fr: 'article L441-10 du Code de commerce',
    en: 'Article L441-10 of the French Commercial Code',
    nl: 'artikel L441-10 van het Franse Wetboek van Koophandel (Code de commerce)',
    de: 'Art. L441-10 des französischen Handelsgesetzbuchs (Code de commerce)',
  }),
  DE: {
    interest: {
      fr: 'article 288, paragraphe 2, du Code civil allemand (BGB)',
      en: 'Section 288(2) of the German Civil Code (BGB)',
      nl: '§ 288 lid 2 van het Duitse Burgerlijk Wetboek (BGB)',
      de: '§ 288 Abs. 2 BGB',
    },
    compensation: {
      fr: 'article 288, paragraphe 5, du Code civil allemand (BGB)',
      en: 'Section 288(5) of the German Civil Code (BGB)',
      nl: '§ 288 lid 5 van het Duitse Burgerlijk Wetboek (BGB)',
      de: '§ 288 Abs. 5 BGB',
    },
  },
  NL: {
    interest: {
      fr: 'article 6:119a du Code civil néerlandais',
      en: 'Article 6:119a of the Dutch Civil Code',
      nl: 'artikel 6:119a BW',
      de: 'Art. 6:119a des niederländischen Bürgerlichen Gesetzbuchs',
    },
    compensation: {
      fr: 'article 6:96, paragraphe 4, du Code civil néerlandais',
      en: 'Article 6:96(4) of the Dutch Civil Code',
      nl: 'artikel 6:96 lid 4 BW',
      de: 'Art. 6:96 Abs. 4 des niederländischen Bürgerlichen Gesetzbuchs',
    },
  },
  BE: {
    interest: {
      fr: 'article 5 de la loi du 2 août 2002 concernant la lutte contre le retard de paiement dans les transactions commerciales',
      en: 'Article 5 of the Belgian Act of 2 August 2002 on combating late payment in commercial transactions',
      nl: 'artikel 5 van de wet van 2 augustus 2002 betreffende de bestrijding van de betalingsachterstand bij handelstransacties',
      de: 'Art. 5 des belgischen Gesetzes vom 2. August 2002 zur Bekämpfung des Zahlungsverzugs im Handelsverkehr',
    },
    compensation: {
      fr: 'article 6 de la loi du 2 août 2002 concernant la lutte contre le retard de paiement dans les transactions commerciales',
      en: 'Article 6 of the Belgian Act of 2 August 2002 on combating late payment in commercial transactions',
      nl: 'artikel 6 van de wet van 2 augustus 2002 betreffende de bestrijding van de betalingsachterstand bij handelstransacties',
      de: 'Art. 6 des belgischen Gesetzes vom 2. August 2002 zur Bekämpfung des Zahlungsverzugs im Handelsverkehr',
    },
  },
  GB: both({
    fr: 'Late Payment of Commercial Debts (Interest) Act 1998, Royaume-Uni',
    en: 'Late Payment of Commercial Debts (Interest) Act 1998',
    nl: 'Late Payment of Commercial Debts (Interest) Act 1998, Verenigd Koninkrijk',
    de: 'Late Payment of Commercial Debts (Interest) Act 1998, Vereinigtes Königreich',
  }),
};

const COUNTRY_BY_LANGUAGE: Partial<Record<Language, string>> = { fr: 'FR', de: 'DE' };

export function legalReferences(country: string | null | undefined, language: Language): LegalReferences {
  const code = country ? country.toUpperCase() : COUNTRY_BY_LANGUAGE[language];
  const refs = (code && BY_COUNTRY[code]) || DIRECTIVE;
  return { interest: refs.interest[language], compensation: refs.compensation[language] };
}
