#!/bin/sh
# A program that never finishes.
echo "KTAP version 1"
echo "1..1"
sleep 60
