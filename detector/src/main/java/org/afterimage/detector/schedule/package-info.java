/** The recrawl schedule: a time-ordered due list, per-platform budgets, the ladder prior and the learned hazard. */
package org.afterimage.detector.schedule;
