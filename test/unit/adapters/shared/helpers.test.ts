/** The helpers every adapter shares: recent deliveries, the timeout race, in-flight work and per-key order. */
import { RecentDeliveries } from '../../../../adapters/shared/deliveries.js';
import { InFlight } from '../../../../adapters/shared/in-flight.js';
import { SerialByKey } from '../../../../adapters/shared/serial.js';
import { settleWithin, settlesWithin } from '../../../../adapters/shared/timeouts.js';

const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe('RecentDeliveries', () => {
  it('claims an id once, and again after a release', async () => {
    const sut = new RecentDeliveries({ capacity: 10 });
    expect(await sut.claim('event:1')).toBe(true);
    expect(await sut.claim('event:1')).toBe(false);
    await sut.release('event:1');
    expect(await sut.claim('event:1')).toBe(true);
  });

  it('takes numbers (Telegram update ids) and strings as the same id', async () => {
    const sut = new RecentDeliveries({ capacity: 10 });
    expect(await sut.claim(42)).toBe(true);
    expect(await sut.claim('42')).toBe(false);
  });

  it('forgets an id after rememberMs, and the oldest past capacity', async () => {
    const timed = new RecentDeliveries({ capacity: 10, rememberMs: 1000 });
    expect(await timed.claim('a', 0)).toBe(true);
    expect(await timed.claim('a', 999)).toBe(false);
    expect(await timed.claim('a', 1000)).toBe(true);

    const small = new RecentDeliveries({ capacity: 2 });
    await small.claim(1);
    await small.claim(2);
    await small.claim(3);
    expect(await small.claim(2)).toBe(false);
    expect(await small.claim(1)).toBe(true);
  });
});

describe('settleWithin and settlesWithin', () => {
  it("gives the promise's value in time, else the fallback", async () => {
    expect(await settleWithin(later(5, 'value'), 200, 'late')).toBe('value');
    expect(await settleWithin(later(200, 'value'), 5, 'late')).toBe('late');
    expect(await settlesWithin(later(5, undefined), 200)).toBe(true);
    expect(await settlesWithin(later(200, undefined), 5)).toBe(false);
  });

  it('passes a rejection in time on', async () => {
    await expect(settleWithin(Promise.reject(new Error('boom')), 100, 'late')).rejects.toThrow('boom');
  });
});

describe('InFlight', () => {
  it('drains work started before and during the drain, failures included', async () => {
    const sut = new InFlight();
    const finished: string[] = [];
    void sut.run(async () => {
      await later(20, undefined);
      finished.push('first');
      void sut.run(async () => {
        await later(20, undefined);
        finished.push('second');
      });
    });
    sut.track(later(10, undefined).then(() => Promise.reject(new Error('failed')))).catch(() => undefined);
    expect(sut.size).toBe(2);

    await sut.drain();

    expect(finished).toEqual(['first', 'second']);
    expect(sut.size).toBe(0);
  });
});

describe('SerialByKey', () => {
  it('runs tasks of one key in order, and tasks of other keys beside them', async () => {
    const sut = new SerialByKey();
    const order: string[] = [];
    const task = (name: string, ms: number) => async () => {
      await later(ms, undefined);
      order.push(name);
      return name;
    };
    const results = await Promise.all([
      sut.run('ada', task('ada-1', 40)),
      sut.run('ada', task('ada-2', 0)),
      sut.run('bob', task('bob-1', 10)),
    ]);
    expect(results).toEqual(['ada-1', 'ada-2', 'bob-1']);
    expect(order).toEqual(['bob-1', 'ada-1', 'ada-2']);
  });

  it('goes on with the next task after one fails, and passes the failure to its caller', async () => {
    const sut = new SerialByKey();
    const failed = sut.run('ada', () => Promise.reject(new Error('boom')));
    const next = sut.run('ada', () => Promise.resolve('ok'));
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });
});
