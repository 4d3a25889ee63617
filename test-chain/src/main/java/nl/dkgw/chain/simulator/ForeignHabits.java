package nl.dkgw.chain.simulator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The habits the foreign-peer simulator shows: all of them unless told otherwise.
 */
public record ForeignHabits(Set<ForeignHabit> shown) {

    public ForeignHabits {
        shown = shown == null || shown.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(shown));
    }

    public static ForeignHabits all() {
        return new ForeignHabits(EnumSet.allOf(ForeignHabit.class));
    }

    public static ForeignHabits none() {
        return new ForeignHabits(Set.of());
    }

    public static ForeignHabits of(Collection<ForeignHabit> habits) {
        return new ForeignHabits(habits.isEmpty() ? Set.of() : EnumSet.copyOf(habits));
    }

    /** Parses {@code all}, {@code none} or a comma-separated list of habit names ({@code cbc-rsa15,strict-schema}). */
    public static ForeignHabits parse(String list) {
        String s = list == null ? "" : list.trim();
        if (s.equalsIgnoreCase("all")) {
            return all();
        }
        if (s.isEmpty() || s.equalsIgnoreCase("none")) {
            return none();
        }
        List<ForeignHabit> habits = new ArrayList<>();
        for (String name : s.split(",")) {
            if (!name.isBlank()) {
                habits.add(ForeignHabit.of(name));
            }
        }
        return of(habits);
    }

    public boolean has(ForeignHabit habit) {
        return shown.contains(habit);
    }

    public ForeignHabits with(ForeignHabit habit) {
        EnumSet<ForeignHabit> s = copy();
        s.add(habit);
        return new ForeignHabits(s);
    }

    public ForeignHabits without(ForeignHabit habit) {
        EnumSet<ForeignHabit> s = copy();
        s.remove(habit);
        return new ForeignHabits(s);
    }

    /**
     * These wire habits with the start-time habits of {@code atStart} kept as they are: what a running simulator
     * can switch to.
     */
    public ForeignHabits keepingStartChoicesOf(ForeignHabits atStart) {
        EnumSet<ForeignHabit> s = EnumSet.noneOf(ForeignHabit.class);
        for (ForeignHabit h : ForeignHabit.values()) {
            if (h.chosenAtStart() ? atStart.has(h) : has(h)) {
                s.add(h);
            }
        }
        return new ForeignHabits(s);
    }

    /** The habit names, in declaration order. */
    public List<String> ids() {
        return copy().stream().map(ForeignHabit::id).toList();
    }

    private EnumSet<ForeignHabit> copy() {
        return shown.isEmpty() ? EnumSet.noneOf(ForeignHabit.class) : EnumSet.copyOf(shown);
    }

    @Override
    public String toString() {
        return shown.isEmpty() ? "none" : String.join(",", ids());
    }
}
