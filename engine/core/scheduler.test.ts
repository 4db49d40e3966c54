import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { VirtualClock } from './clock';
import { RealTimeDriver, Scheduler } from './scheduler';

describe('Scheduler', () => {
  it('runs callbacks in time order, ties in scheduling order, with the clock at each time', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 200 }), (delays) => {
        const s = new Scheduler(new VirtualClock(0));
        const ran: Array<[number, number]> = [];
        delays.forEach((d, i) => s.at(d, () => ran.push([s.clock.now(), i])));
        s.runAll();
        const expected = delays.map((d, i) => [d, i] as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(ran).toEqual(expected);
      }),
    );
  });

  it('runUntil stops at the horizon and moves the clock to it', () => {
    const s = new Scheduler(new VirtualClock(100));
    const ran: number[] = [];
    s.at(150, () => ran.push(150));
    s.at(250, () => ran.push(250));
    expect(s.runUntil(200)).toBe(1);
    expect(ran).toEqual([150]);
    expect(s.clock.now()).toBe(200);
    expect(s.peek()).toBe(250);
  });

  it('cancelled timers never run', () => {
    const s = new Scheduler(new VirtualClock(0));
    const ran: string[] = [];
    const a = s.after(10, () => ran.push('a'));
    s.after(20, () => ran.push('b'));
    s.cancel(a);
    s.runAll();
    expect(ran).toEqual(['b']);
  });

  it('callbacks can schedule more work, and past times run now', () => {
    const s = new Scheduler(new VirtualClock(0));
    const ran: number[] = [];
    s.after(5, () => {
      ran.push(s.clock.now());
      s.at(1, () => ran.push(s.clock.now()));
      s.after(5, () => ran.push(s.clock.now()));
    });
    s.runAll();
    expect(ran).toEqual([5, 5, 10]);
  });

  it('the real-time driver paces engine time as wall time × speed', () => {
    const s = new Scheduler(new VirtualClock(1_000));
    let wall = 50_000;
    const timers: Array<() => void> = [];
    const driver = new RealTimeDriver(s, { wallNow: () => wall, setTimer: (fn) => timers.push(fn), clearTimer: () => {} }, 10);
    const ran: number[] = [];
    s.at(1_500, () => ran.push(s.clock.now()));
    driver.start();
    wall += 40; // 400 ms of engine time
    timers.shift()!();
    expect(ran).toEqual([]);
    expect(s.clock.now()).toBe(1_400);
    wall += 20;
    timers.shift()!();
    expect(ran).toEqual([1_500]);
    expect(s.clock.now()).toBe(1_600);
    expect(driver.engineTimeNow()).toBe(1_600);
  });
});
