import type { ComponentFixture } from '@angular/core/testing';

/**
 * Lets every queued promise callback run, then renders. Components await HTTP through promise chains,
 * which `whenStable()` alone does not wait for; one macrotask turn drains them all, deterministically.
 */
export async function settle(fixture?: ComponentFixture<unknown>): Promise<void> {
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  await fixture?.whenStable();
}
