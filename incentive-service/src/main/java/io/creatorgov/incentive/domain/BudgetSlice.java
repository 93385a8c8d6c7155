package io.creatorgov.incentive.domain;

/** One slice of a programme's budget: its share of the total and what is committed from it. */
public record BudgetSlice(int sliceNo, long allotted, long committed) {}
