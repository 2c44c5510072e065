// pingpong.go — bench/pingpong.rs in Go: two goroutines hand a counter back and forth through
// two unbuffered channels, 100,000 round trips (200,000 hand-offs); prints the same line.
package main

import (
	"fmt"
	"time"
)

const roundTrips = 100000

func main() {
	ping := make(chan uint64)
	pong := make(chan uint64)
	start := time.Now()
	done := make(chan struct{})
	go func() {
		for n := range ping {
			pong <- n + 1
		}
		close(done)
	}()
	var n uint64
	for i := 0; i < roundTrips; i++ {
		ping <- n
		n = <-pong
	}
	close(ping)
	<-done
	elapsed := time.Since(start)
	if n != roundTrips {
		panic("lost a hand-off")
	}
	fmt.Printf("round_trips=%d hand_offs=%d elapsed_ns=%d\n", roundTrips, 2*roundTrips, elapsed.Nanoseconds())
}
