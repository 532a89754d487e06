import { describe, expect, it } from 'vitest';
import { QboFault } from './faults.ts';
import { parseQuery } from './query-parser.ts';

function faultOf(text: string): QboFault {
  try {
    parseQuery(text);
  } catch (error) {
    if (error instanceof QboFault) return error;
    throw error;
  }
  throw new Error(`"${text}" parsed without a fault`);
}

describe('parseQuery', () => {
  it('reads the incremental-sync query a connector sends, keywords in any case', () => {
    const q = parseQuery(
      "select * from invoice where MetaData.LastUpdatedTime > '2026-01-01T00:00:00-08:00' and Balance > '0' orderby MetaData.LastUpdatedTime startposition 1001 maxresults 1000",
    );
    expect(q).toEqual({
      entity: 'invoice',
      projection: { kind: 'all' },
      where: [
        { field: 'MetaData.LastUpdatedTime', op: '>', values: ['2026-01-01T00:00:00-08:00'] },
        { field: 'Balance', op: '>', values: ['0'] },
      ],
      orderBy: [{ field: 'MetaData.LastUpdatedTime', descending: false }],
      startPosition: 1001,
      maxResults: 1000,
    });
  });

  it('reads COUNT(*), IN lists, LIKE patterns, numbers and booleans', () => {
    const q = parseQuery(
      "SELECT COUNT(*) FROM Customer WHERE Id IN ('1', '2', 3) AND DisplayName LIKE 'North%' AND Active = false",
    );
    expect(q.projection).toEqual({ kind: 'count' });
    expect(q.where).toEqual([
      { field: 'Id', op: 'IN', values: ['1', '2', 3] },
      { field: 'DisplayName', op: 'LIKE', values: ['North%'] },
      { field: 'Active', op: '=', values: [false] },
    ]);
  });

  it("reads a backslash-escaped quote as node-quickbooks writes it ('Peet\\'s')", () => {
    expect(parseQuery("select * from Customer where DisplayName = 'Peet\\'s'").where[0]?.values).toEqual([
      "Peet's",
    ]);
  });

  it('reads a field list and a descending ORDERBY on several fields', () => {
    const q = parseQuery('SELECT Id, DocNumber FROM Invoice ORDERBY TxnDate DESC, Id');
    expect(q.projection).toEqual({ kind: 'fields', fields: ['Id', 'DocNumber'] });
    expect(q.orderBy).toEqual([
      { field: 'TxnDate', descending: true },
      { field: 'Id', descending: false },
    ]);
  });

  it('answers 100 rows by default and never more than 1000', () => {
    expect(parseQuery('select * from Invoice').maxResults).toBe(100);
    expect(parseQuery('select * from Invoice maxresults 5000').maxResults).toBe(1000);
  });

  it('rejects OR, which QuickBooks does not support, as a 4000 QueryParserError', () => {
    const fault = faultOf("select * from Invoice where Id = '1' or Id = '2'");
    expect(fault.status).toBe(400);
    expect(fault.code).toBe('4000');
    expect(fault.detail).toMatch(/^QueryParserError: Encountered " <ID> "or "" at line 1, column 38\./);
  });

  it('rejects a missing FROM, an unterminated string and a stray character', () => {
    expect(faultOf('select * Invoice').detail).toContain('"FROM"');
    expect(faultOf("select * from Invoice where DocNumber = 'abc").detail).toContain('Lexical error');
    expect(faultOf('select * from Invoice where Id ~ 1').detail).toContain(
      'Lexical error at line 1, column 32',
    );
    expect(faultOf('   ').code).toBe('4000');
  });
});
