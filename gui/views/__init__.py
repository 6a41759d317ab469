"""What the window shows of an estimate: charts, tables, the summary, their colours and labels,
greying, the status line and exporting. Every view takes the CalculatorModel and follows it."""
