import { describe, expect, it } from 'vitest';
import { QueryParseError, compileOrder, compileWhere, type FieldMap } from './where-filter.ts';

interface Row {
  id: string;
  type: string;
  status: string;
  amountDue: number;
  dueDate: number;
  name: string;
  sent: boolean;
  email: string;
}

const fields: FieldMap<Row> = {
  invoiceid: (r) => r.id,
  type: (r) => r.type,
  status: (r) => r.status,
  amountdue: (r) => r.amountDue,
  duedate: (r) => r.dueDate,
  'contact.name': (r) => r.name,
  senttocontact: (r) => r.sent,
  emailaddress: (r) => r.email,
};

const rows: Row[] = [
  {
    id: 'A1B2C3D4-0000-4000-8000-000000000001',
    type: 'ACCREC',
    status: 'AUTHORISED',
    amountDue: 100,
    dueDate: Date.UTC(2026, 0, 10),
    name: 'Dupont Bakery SRL',
    sent: true,
    email: 'ap@dupont.example',
  },
  {
    id: 'a1b2c3d4-0000-4000-8000-000000000002',
    type: 'ACCREC',
    status: 'PAID',
    amountDue: 0,
    dueDate: Date.UTC(2026, 1, 10),
    name: 'Martin Joinery SA',
    sent: false,
    email: '',
  },
  {
    id: 'a1b2c3d4-0000-4000-8000-000000000003',
    type: 'ACCPAY',
    status: 'AUTHORISED',
    amountDue: 50.5,
    dueDate: Date.UTC(2026, 0, 20),
    name: 'Office Supplies Ltd',
    sent: false,
    email: 'x@y.example',
  },
];

const ids = (where: string) => rows.filter(compileWhere(where, fields, 'Invoice')).map((r) => r.id.slice(-1));

describe('where and order', () => {
  it('reads the comparisons xero-node and Xero examples use', () => {
    expect(ids('Type=="ACCREC"')).toEqual(['1', '2']);
    expect(ids('Status == "AUTHORISED" AND AmountDue > 60')).toEqual(['1']);
    expect(ids('Status=="PAID" OR Type=="ACCPAY"')).toEqual(['2', '3']);
    expect(ids('Status != "PAID" && (Type == "ACCPAY" || AmountDue >= 100)')).toEqual(['1', '3']);
    expect(ids('DueDate < DateTime(2026, 01, 15)')).toEqual(['1']);
    expect(ids('DueDate >= DateTime(2026,1,20) AND DueDate <= DateTime(2026,02,10)')).toEqual(['2', '3']);
    expect(ids('InvoiceID==Guid("a1b2c3d4-0000-4000-8000-000000000001")')).toEqual(['1']);
    expect(ids('type=="accrec"')).toEqual(['1', '2']);
  });

  it('reads booleans, null, NOT and string methods', () => {
    expect(ids('SentToContact')).toEqual(['1']);
    expect(ids('SentToContact == false')).toEqual(['2', '3']);
    expect(ids('EmailAddress != null')).toEqual(['1', '3']);
    expect(ids('EmailAddress == null')).toEqual(['2']);
    expect(ids('NOT (Type == "ACCPAY")')).toEqual(['1', '2']);
    expect(ids('Contact.Name.Contains("joinery")')).toEqual(['2']);
    expect(ids('Contact.Name.StartsWith("Office")')).toEqual(['3']);
    expect(ids('Contact.Name.ToLower() == "dupont bakery srl"')).toEqual(['1']);
  });

  it('refuses unknown fields and broken syntax with the message Xero gives', () => {
    expect(() => compileWhere('Colour=="red"', fields, 'Invoice')).toThrow(
      new QueryParseError("No property or field 'Colour' exists in type 'Invoice'"),
    );
    expect(() => compileWhere('Type=="ACCREC', fields, 'Invoice')).toThrow(QueryParseError);
    expect(() => compileWhere('Type=="ACCREC" AND', fields, 'Invoice')).toThrow(QueryParseError);
    expect(() => compileWhere('(Type=="ACCREC"', fields, 'Invoice')).toThrow(QueryParseError);
  });

  it('orders by several fields, ascending or descending', () => {
    const sorted = [...rows]
      .sort(compileOrder('Type DESC, AmountDue', fields, 'Invoice'))
      .map((r) => r.id.slice(-1));
    expect(sorted).toEqual(['2', '1', '3']);
    expect(() => compileOrder('Colour ASC', fields, 'Invoice')).toThrow(QueryParseError);
    expect(() => compileOrder('Type SIDEWAYS', fields, 'Invoice')).toThrow(QueryParseError);
  });
});
